import { describe, it, expect } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { messageAt, paths, submitter } from './support.js';

const form = getForm('member-evaluation')!;
const submit = submitter(form);
const QUESTIONS = ['q_activities', 'q_rights', 'q_openness', 'q_services', 'overall'];

describe('member-evaluation', () => {
  it.each(QUESTIONS)('offers 满意 / 基本满意 / 不满意 as satisfied, basic, unsatisfied for %s', (key) => {
    const question = form.decl.sections.flatMap((s) => s.fields).find((f) => f.key === key);
    expect(question?.type === 'choice' && question.options.map((o) => [o.value, o.label.zh])).toEqual([
      ['satisfied', '满意'],
      ['basic', '基本满意'],
      ['unsatisfied', '不满意'],
    ]);
  });

  it.each(QUESTIONS)('requires an answer to %s', (key) => {
    expect(messageAt(submit({ [key]: '' }), key)?.en).toBe('Required');
  });

  it.each(QUESTIONS)('refuses an answer to %s that is not one of the three', (key) => {
    expect(paths(submit({ [key]: 'very-satisfied' }))).toEqual([key]);
  });

  it('calls the one-time code 评议码, the word the code sheet and the errors use', () => {
    const texts = JSON.stringify(form.decl);
    expect(texts).toContain('评议码');
    expect(texts).not.toContain('评价码');
  });

  it('accepts an answer without a comment', () => {
    expect(submit({ comment: null }).ok).toBe(true);
  });

  it('refuses a comment over 500 characters', () => {
    expect(messageAt(submit({ comment: '好'.repeat(501) }), 'comment')?.en).toBe('At most 500 characters');
  });

  it('asks for nothing that identifies the member', () => {
    expect(form.decl.sections.flatMap((s) => s.fields).map((f) => f.key)).toEqual([...QUESTIONS, 'comment']);
  });
});
