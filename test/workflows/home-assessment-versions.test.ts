/**
 * Next year's checklist: an admin publishes a home-assessment version with one more score
 * item. The workflow names the street's re-scores by kind of field, so the street re-scores
 * the new item (with a reason) like any other, resolved against the version the union filled in.
 */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { homeAssessment } from '../../forms/home-assessment.js';
import type { FormData, FormDeclaration } from '../../forms/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { fitProblems } from '../../workflows/fit.js';
import { workflowForForm } from '../../workflows/registry.js';
import { LATER, NOW, actor, draftOf, issuePaths, next, streetReviewer, submitter, transition } from './fixtures.js';

/** The built-in declaration with a 15th score item, 创新创效, in the culture section. */
function nextYear(): FormDeclaration {
  const decl = structuredClone(homeAssessment);
  decl.version = 2;
  const culture = decl.sections.find((s) => s.fields.some((f) => f.key === 'culture_library'))!;
  culture.fields.push({
    key: 'culture_innovation',
    type: 'score',
    max: 3,
    required: true,
    noteRequired: true,
    label: { zh: '创新创效', en: 'Innovation' },
    help: { zh: '“五小”创新成果', en: 'Small innovations by workers' },
  });
  decl.example = { ...decl.example, culture_innovation: { score: 3, note: '“五小”成果 2 项' } };
  return decl;
}

const workflow = workflowForForm('home-assessment')!;
const form = compileForm(nextYear());
const act = actor(workflow, form);
const inStreetReview = () => {
  const draft = draftOf(workflow, form.example(shanghaiDate(NOW)));
  return next(draft, act(draft, { action: 'submit' }, submitter, NOW));
};
const rescored = (data: FormData, score: number): FormData => ({ ...data, culture_innovation: { ...(data.culture_innovation as object), score } });

describe('home assessment on a version with one more score item', () => {
  it('fits the workflow', () => {
    expect(fitProblems(workflow, form.decl)).toEqual([]);
  });

  it('lets the street re-score the new item with a reason, keeping both scores in the history', () => {
    const state = inStreetReview();

    const t = transition(act(state, { action: 'approve', data: rescored(state.data, 1), reasons: { 'culture_innovation.score': '成果未经认定' } }, streetReviewer, LATER));

    expect([t.step, t.event.changes]).toEqual([
      'district-review',
      { edits: [{ path: 'culture_innovation.score', before: 3, after: 1, reason: '成果未经认定' }] },
    ]);
  });

  it('still asks a reason for re-scoring the new item', () => {
    const state = inStreetReview();

    expect(issuePaths(act(state, { action: 'approve', data: rescored(state.data, 1) }, streetReviewer, LATER))).toEqual(['reasons.culture_innovation.score']);
  });

  it('still keeps the new item’s note the union’s own', () => {
    const state = inStreetReview();
    const data = { ...state.data, culture_innovation: { score: 3, note: '改写' } };

    expect(issuePaths(act(state, { action: 'approve', data, reasons: { 'culture_innovation.note': '—' } }, streetReviewer, LATER))).toEqual([
      'culture_innovation.note',
    ]);
  });
});
