/**
 * fitProblems: a workflow against a form version's fields. Edits by kind of field need a field
 * of that kind; conditions name declared fields (a row's columns inside a row) and compare
 * values of the field's type.
 */
import { describe, it, expect } from 'vitest';
import type { FieldDecl } from '../../forms/language.js';
import { fitProblems } from '../../workflows/fit.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';

const label = { zh: '项', en: 'Item' };
const fields: FieldDecl[] = [
  { key: 'grade', type: 'choice', label, options: [{ value: 'good', label }, { value: 'poor', label }] },
  { key: 'amount', type: 'money', label },
  { key: 'item_a', type: 'score', label, max: 10 },
  {
    key: 'findings',
    type: 'group',
    label,
    fields: [
      { key: 'answer', type: 'longtext', label },
      { key: 'verdict', type: 'choice', label, options: [{ value: 'accepted', label }] },
    ],
  },
];
const form = { sections: [{ fields }], computed: [{ key: 'total', format: 'integer' as const }] };

function lab(review: Partial<WorkflowDeclaration['steps'][string]>): WorkflowDeclaration {
  return {
    id: 'fit-lab',
    formId: 'fit-lab',
    title: label,
    initial: 'fill',
    steps: {
      fill: { kind: 'fill', title: label, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'review' } } },
      review: { kind: 'review', title: label, status: 'in_review', assignees: { kind: 'ownOrg', role: 'reviewer' }, actions: { approve: { to: 'done' } }, ...review },
      done: { kind: 'end', title: label, status: 'completed', actions: {} },
    },
  };
}
const requiring = (requires: NonNullable<WorkflowDeclaration['steps'][string]['actions'][string]['requires']>) =>
  lab({ actions: { approve: { to: 'done', requires } } });

describe('fitProblems', () => {
  it('fits edits by kind, conditions on fields, computed values and a row’s columns', () => {
    const workflow = lab({
      edits: { fields: { type: 'score', part: 'score' }, reasonRequired: true, lockedRows: [{ group: 'findings', where: { field: 'verdict', equals: 'accepted' } }] },
      actions: {
        approve: {
          to: [{ when: { expr: { gte: [{ field: 'total' }, 90] } }, to: 'done' }, { to: 'done' }],
          requires: [{ each: 'findings', that: { field: 'answer', filled: true } }, { that: { field: 'grade', in: ['good', 'poor'] } }],
        },
      },
    });

    expect(fitProblems(workflow, form)).toEqual([]);
  });

  it('reports edits by a kind of field the form has none of', () => {
    expect(fitProblems(lab({ edits: { fields: { type: 'date' } } }), form)).toEqual(['review edits every field of type date, and the form has none']);
  });

  it('reports a part that fields of the kind do not have', () => {
    expect(fitProblems(lab({ edits: { fields: { type: 'score', part: 'grade' } } }), form)).toEqual(['review edits item_a.grade, which the form does not declare']);
  });

  it('reports a choice compared with a value that is not one of its options', () => {
    expect(fitProblems(requiring([{ that: { field: 'grade', equals: 'excellent' } }]), form)).toEqual([
      'review.approve requires compares grade with "excellent", which is not one of its options',
    ]);
  });

  it('reports money compared with text', () => {
    expect(fitProblems(requiring([{ that: { field: 'amount', equals: '100' } }]), form)).toEqual(['review.approve requires compares amount (number) with "100"']);
  });

  it('reads a row’s columns inside each, and reports one the group does not have', () => {
    expect(fitProblems(requiring([{ each: 'findings', that: { field: 'evidence', filled: true } }]), form)).toEqual([
      'review.approve requires (in a row of findings) reads evidence, which the form does not declare',
    ]);
  });

  it('reports rows counted of a field that is not a repeating group', () => {
    expect(fitProblems(requiring([{ that: { expr: { gte: [{ rows: 'grade' }, 1] } } }]), form)).toEqual([
      'review.approve requires counts rows of grade, which is not a repeating group of the form',
    ]);
  });

  it('reports locked rows whose condition reads a column the group does not have', () => {
    const workflow = lab({ edits: { paths: ['findings.*.answer'], lockedRows: [{ group: 'findings', where: { field: 'status', equals: 'x' } }] } });

    expect(fitProblems(workflow, form)).toEqual(['review locks rows (in a row of findings) reads status, which the form does not declare']);
  });
});
