import { describe, it, expect } from 'vitest';
import type { FieldDecl, FormData } from '../../forms/language.js';
import type { ActionRequest, Actor, WorkflowState } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import {
  LATER,
  NOW,
  actor,
  districtReviewer,
  draftOf,
  issuePaths,
  next,
  otherStreetReviewer,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
} from './fixtures.js';

const workflow = workflowForForm('home-assessment')!;
/** The stand-in checklist's score items: the street re-scores whichever items the form declares. */
const SCORE_ITEMS = ['org_committee', 'org_members', 'org_rules', 'dem_congress', 'rights_aid', 'culture_library', 'funds_disclosure'];
const scoreItem = (key: string): FieldDecl => ({ key, type: 'score', label: { zh: key, en: key }, max: 10 });
const GRADES = ['优秀', '合格', '不合格'];
const items = (data: FormData) => SCORE_ITEMS.map((k) => (data[k] as { score?: number } | undefined)?.score ?? 0);
/** Stands in for the form: every item scores a whole 0..10; the total adds the items up. */
const form = fakeForm({
  required: ['unionName'],
  check: (data) => [
    ...SCORE_ITEMS.filter((_item, i) => !Number.isInteger(items(data)[i]) || items(data)[i] < 0 || items(data)[i] > 10).map((k) => ({
      path: `${k}.score`,
      message: { zh: '分数超出范围', en: 'Score out of range' },
    })),
    ...(data.districtGrade !== undefined && !GRADES.includes(data.districtGrade as string)
      ? [{ path: 'districtGrade', message: { zh: '等级无效', en: 'No such grade' } }]
      : []),
  ],
  computed: (data) => ({ total: items(data).reduce((a, b) => a + b, 0) }),
  fields: [
    { key: 'unionName', type: 'text', label: { zh: '工会名称', en: 'Union' } },
    ...SCORE_ITEMS.map(scoreItem),
    { key: 'districtGrade', type: 'text', label: { zh: '等级', en: 'Grade' } },
  ],
});
const act = actor(workflow, form);

const selfAssessed: FormData = {
  unionName: '上海杨浦某科技有限公司工会',
  ...Object.fromEntries(SCORE_ITEMS.map((k) => [k, { score: 8, note: '台账齐全' }])),
};
const withScore = (data: FormData, item: string, score: number): FormData => ({ ...data, [item]: { ...(data[item] as object), score } });

const draft = () => draftOf(workflow, selfAssessed);
const inStreetReview = (): WorkflowState => next(draft(), act(draft(), { action: 'submit' }, submitter, NOW));
const rescore = (score = 6): ActionRequest => ({
  action: 'approve',
  data: withScore(selfAssessed, 'org_committee', score),
  reasons: { 'org_committee.score': '委员会换届材料缺失' },
});
const inDistrictReview = (): WorkflowState => next(inStreetReview(), act(inStreetReview(), rescore(), streetReviewer));
const districtReturn = (to: string) => act(inDistrictReview(), { action: 'return', comment: '请核实', to }, districtReviewer);
const then = (state: WorkflowState, request: ActionRequest, who: Actor) => next(state, act(state, request, who));

describe('home assessment: fill', () => {
  it('sends the self-assessment to the street, due in five working days', () => {
    const t = transition(act(draft(), { action: 'submit' }, submitter, NOW));

    expect([t.step, t.assignees]).toEqual([
      'street-review',
      [{ key: 'org:wujiaochang:reviewer', since: NOW.toISOString(), dueAt: '2025-06-09T15:59:59.999Z' }],
    ]);
  });

  it('lets the union fill in its own scores, which the street only revises', () => {
    const t = transition(act(draftOf(workflow, {}), { action: 'submit', data: selfAssessed }, submitter, NOW));

    expect(t.computed).toEqual({ total: 8 * SCORE_ITEMS.length });
  });

  it('refuses the district’s grade in the union’s submission', () => {
    const outcome = act(draftOf(workflow, {}), { action: 'submit', data: { ...selfAssessed, districtGrade: '优秀' } }, submitter, NOW);

    expect(issuePaths(outcome)).toEqual(['districtGrade']);
  });
});

describe('home assessment: street review', () => {
  it('moves a re-scored assessment on to the district, due in ten working days', () => {
    const t = transition(act(inStreetReview(), rescore(), streetReviewer));

    expect([t.step, t.assignees]).toEqual([
      'district-review',
      [{ key: 'org:yangpu:reviewer', since: LATER.toISOString(), dueAt: '2025-06-18T15:59:59.999Z' }],
    ]);
  });

  it('keeps both scores and the reason in the history', () => {
    const t = transition(act(inStreetReview(), rescore(), streetReviewer));

    expect(t.event.changes).toEqual({ edits: [{ path: 'org_committee.score', before: 8, after: 6, reason: '委员会换届材料缺失' }] });
  });

  it('computes the total from the revised score', () => {
    expect(transition(act(inStreetReview(), rescore(), streetReviewer)).computed).toEqual({ total: 8 * SCORE_ITEMS.length - 2 });
  });

  it('refuses a re-score without a reason', () => {
    const outcome = act(inStreetReview(), { ...rescore(), reasons: {} }, streetReviewer);

    expect(issuePaths(outcome)).toEqual(['reasons.org_committee.score']);
  });

  it('refuses a re-score beyond the item’s maximum, as the form does', () => {
    const outcome = act(inStreetReview(), rescore(11), streetReviewer);

    expect(issuePaths(outcome)).toEqual(['org_committee.score']);
  });

  it.each(SCORE_ITEMS)('lets the street re-score %s', (item) => {
    const outcome = act(inStreetReview(), { action: 'edit', data: withScore(selfAssessed, item, 1), reasons: { [`${item}.score`]: '依据不足' } }, streetReviewer);

    expect(transition(outcome).data[item]).toEqual({ score: 1, note: '台账齐全' });
  });

  it('refuses a change to an item’s note', () => {
    const data = { ...selfAssessed, org_rules: { score: 8, note: '改写' } };

    expect(issuePaths(act(inStreetReview(), { action: 'approve', data }, streetReviewer))).toEqual(['org_rules.note']);
  });

  it('refuses the district’s grade', () => {
    expect(issuePaths(act(inStreetReview(), { action: 'approve', data: { ...selfAssessed, districtGrade: '优秀' } }, streetReviewer))).toEqual([
      'districtGrade',
    ]);
  });

  it('keeps a re-score saved by edit in the step', () => {
    const t = transition(act(inStreetReview(), { ...rescore(), action: 'edit' }, streetReviewer));

    expect([t.step, t.data.org_committee]).toEqual(['street-review', { score: 6, note: '台账齐全' }]);
  });

  it('refuses a reviewer of another street', () => {
    expect(refusal(act(inStreetReview(), rescore(), otherStreetReviewer)).code).toBe('action_not_allowed');
  });

  it('returns the assessment to the union', () => {
    expect(transition(act(inStreetReview(), { action: 'return', comment: '请补充佐证' }, streetReviewer))).toMatchObject({ step: 'fill', status: 'returned' });
  });

  it('rejects the assessment', () => {
    expect(transition(act(inStreetReview(), { action: 'reject', comment: '材料不实' }, streetReviewer))).toMatchObject({ step: 'rejected', status: 'rejected' });
  });

  it('lets the union withdraw before the street acts', () => {
    expect(transition(act(inStreetReview(), { action: 'withdraw' }, submitter)).status).toBe('withdrawn');
  });

  it('refuses a withdrawal once the street has saved a re-score', () => {
    const rescored = then(inStreetReview(), { ...rescore(), action: 'edit' }, streetReviewer);

    expect(refusal(act(rescored, { action: 'withdraw' }, submitter)).code).toBe('action_not_allowed');
  });
});

describe('home assessment: district review', () => {
  const graded = (grade = '优秀'): FormData => ({ ...withScore(selfAssessed, 'org_committee', 6), districtGrade: grade, recommendModel: true, districtOpinion: '建议推荐' });

  it('refuses to approve without a grade, saying so', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, districtReviewer);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'districtGrade', message: { zh: '请先评定等级' } }] });
  });

  it('completes the assessment approved with a grade', () => {
    const t = transition(act(inDistrictReview(), { action: 'approve', data: graded() }, districtReviewer));

    expect([t.step, t.status, t.assignees]).toEqual(['completed', 'completed', []]);
  });

  it('records the grade, the recommendation and the opinion as edits', () => {
    const t = transition(act(inDistrictReview(), { action: 'approve', data: graded() }, districtReviewer));

    expect((t.event.changes!.edits as { path: string }[]).map((e) => e.path)).toEqual(['districtGrade', 'recommendModel', 'districtOpinion']);
  });

  it('refuses a grade the form does not know', () => {
    expect(issuePaths(act(inDistrictReview(), { action: 'approve', data: graded('特优') }, districtReviewer))).toEqual(['districtGrade']);
  });

  it('refuses a change to a score', () => {
    const data = withScore(graded(), 'org_members', 2);

    expect(issuePaths(act(inDistrictReview(), { action: 'approve', data }, districtReviewer))).toEqual(['org_members.score']);
  });

  it('refuses the street reviewer', () => {
    expect(refusal(act(inDistrictReview(), { action: 'approve', data: graded() }, streetReviewer)).code).toBe('action_not_allowed');
  });

  it('rejects the assessment', () => {
    expect(transition(act(inDistrictReview(), { action: 'reject', comment: '不予认定' }, districtReviewer)).step).toBe('rejected');
  });

  it('refuses a return to a step it does not list', () => {
    expect(issuePaths(districtReturn('completed'))).toEqual(['to']);
  });
});

describe('home assessment: the district returns directly', () => {
  it('returns to the union, which resubmits straight to the district', () => {
    const returned = next(inDistrictReview(), districtReturn('fill'));

    expect(transition(act(returned, { action: 'submit' }, submitter)).step).toBe('district-review');
  });

  it('returns to the street, in review', () => {
    expect(transition(districtReturn('street-review'))).toMatchObject({ step: 'street-review', status: 'in_review', returnedFrom: 'district-review' });
  });

  it('lets the street re-score again, with reasons, and sends it back to the district', () => {
    const atStreet = next(inDistrictReview(), districtReturn('street-review'));
    const data = withScore(withScore(selfAssessed, 'org_committee', 6), 'rights_aid', 9);

    const t = transition(act(atStreet, { action: 'approve', data, reasons: { 'rights_aid.score': '补充帮扶台账' } }, streetReviewer2));

    expect([t.step, t.event.changes]).toEqual(['district-review', { edits: [{ path: 'rights_aid.score', before: 8, after: 9, reason: '补充帮扶台账' }] }]);
  });
});

describe('home assessment: a whole run', () => {
  it('goes through a re-score, a direct return to the union and the final grade', () => {
    let state = draft();
    const seen: string[] = [];
    for (const [request, who] of [
      [{ action: 'submit' }, submitter],
      [rescore(), streetReviewer],
      [{ action: 'return', comment: '请补充', to: 'fill' }, districtReviewer],
      [{ action: 'submit' }, submitter],
      [{ action: 'approve', data: { ...withScore(selfAssessed, 'org_committee', 6), districtGrade: '合格' } }, districtReviewer],
    ] as [ActionRequest, Actor][]) {
      state = then(state, request, who);
      seen.push(`${state.step}/${state.status}`);
    }

    expect(seen).toEqual(['street-review/in_review', 'district-review/in_review', 'fill/returned', 'district-review/in_review', 'completed/completed']);
  });
});
