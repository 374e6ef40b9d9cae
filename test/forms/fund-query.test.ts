import { describe, it, expect } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { TODAY, messageAt, paths, submitter } from './support.js';

const form = getForm('fund-query')!;
const submit = submitter(form);

describe('fund-query', () => {
  it('is started by members only (with a one-time code), never by a union', () => {
    expect(form.decl.startedBy).toEqual(['member']);
  });

  it('requires the question', () => {
    expect(messageAt(submit({ question: ' ' }), 'question')?.en).toBe('Required');
  });

  it('refuses a question over 1000 characters', () => {
    expect(paths(submit({ question: '问'.repeat(1001) }))).toEqual(['question']);
  });

  it('refuses a line over 100 characters', () => {
    expect(paths(submit({ line: '项'.repeat(101) }))).toEqual(['line']);
  });

  it('accepts a query about the disclosure as a whole, without a line', () => {
    expect(submit({ line: '' }).ok).toBe(true);
  });

  it('does not ask for the answer or the reviewers’ notes at submit', () => {
    expect(submit({ answer: null, committeeNote: null, streetNote: null }).ok).toBe(true);
  });

  it('drops a disclosure id the member sends', () => {
    expect(submit({ disclosureId: 'someone-else' })).toEqual({ ok: true, data: form.example(TODAY), warnings: [] });
  });

  it('keeps the disclosure id the server set', () => {
    const r = submit({}, { disclosureId: '01JD5Z8X1' });
    expect(r.ok && r.data.disclosureId).toBe('01JD5Z8X1');
  });

  it('publishes the disclosure id as read-only in its JSON Schema', () => {
    const props = form.jsonSchema(TODAY).properties as Record<string, Record<string, unknown>>;
    expect(props.disclosureId.readOnly).toBe(true);
  });
});
