/**
 * Process 1 (建会申请) end to end through the real app on DynamoDB Local: the happy path with a
 * return and a resubmit, the registration numbers, the history, the inboxes, and the reject,
 * withdraw and draft-save refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

type Sub = { id: string; version: number; step: string; status: string; number?: string; data: Record<string, unknown> };

const inboxIds = async (client: Client): Promise<string[]> =>
  (await client.json('GET', '/api/inbox')).body.items.map((i: { submissionId: string }) => i.submissionId);

const act = (client: Client, sub: Pick<Sub, 'id' | 'version'>, action: string, extra: Record<string, unknown> = {}) =>
  client.json('POST', `/api/submissions/${sub.id}/actions`, { action, version: sub.version, ...extra });

/** Submit as `submitter`, then approve at both reviews; returns the district approval's answer. */
async function approvedRegistration(submitter: Client, street: Client, district: Client, data: Record<string, unknown>) {
  const submitted = await submittedRegistration(submitter, data);
  const streetApproved = await act(street, submitted, 'approve');
  return act(district, streetApproved.body, 'approve');
}

describe('a registration that is returned once, then approved', () => {
  const clock = { now: new Date('2030-06-14T02:00:00.000Z') };
  const edited = { ...validRegistration(clock.now), name: '上海杨浦示例科技有限公司（修订）', employees: 130 };
  const original = validRegistration(clock.now);
  const seen = {} as Record<string, { status: number; body: any }>;
  const inboxes = {} as Record<string, { street: string[]; district: string[]; submitter: string[] }>;
  let sub: Sub;

  beforeAll(async () => {
    const env = await setupEnv({ now: () => clock.now });
    const submitter = await signIn(env.app, 'acme.submitter');
    const street = await signIn(env.app, 'dinghailu.reviewer');
    const district = await signIn(env.app, 'district.reviewer');
    const snapshot = async (label: string) => {
      inboxes[label] = { street: await inboxIds(street), district: await inboxIds(district), submitter: await inboxIds(submitter) };
    };

    seen.created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: original });
    sub = seen.created.body;
    await snapshot('draft');
    seen.submitted = await act(submitter, seen.created.body, 'submit');
    await snapshot('submitted');
    seen.returned = await act(street, seen.submitted.body, 'return', { comment: '请补充筹备组成员名单' });
    await snapshot('returned');
    seen.saved = await submitter.json('PUT', `/api/submissions/${sub.id}/data`, { data: edited, version: seen.returned.body.version });
    seen.resubmitted = await act(submitter, seen.saved.body, 'submit');
    await snapshot('resubmitted');
    seen.streetApproved = await act(street, seen.resubmitted.body, 'approve', { comment: '同意，报区总工会' });
    await snapshot('streetApproved');
    seen.districtApproved = await act(district, seen.streetApproved.body, 'approve');
    await snapshot('approved');
    seen.history = await district.json('GET', `/api/submissions/${sub.id}/history`);
  });

  it('creates a draft in the fill step at version 1', () => {
    expect(seen.created.status).toBe(201);
    expect(seen.created.body).toMatchObject({ step: 'fill', status: 'draft', version: 1, orgId: 'acme', assignees: [] });
  });

  it('moves a submitted draft to street-review, in review', () => {
    expect(seen.submitted.status).toBe(200);
    expect(seen.submitted.body).toMatchObject({ step: 'street-review', status: 'in_review', version: 2 });
  });

  it('sends a returned submission back to the fill step with status returned', () => {
    expect(seen.returned.status).toBe(200);
    expect(seen.returned.body).toMatchObject({ step: 'fill', status: 'returned', version: 3 });
  });

  it('saves the edited draft of a returned submission and bumps its version', () => {
    expect(seen.saved.status).toBe(200);
    expect(seen.saved.body).toMatchObject({ step: 'fill', version: 4, data: { name: edited.name, employees: 130 } });
  });

  it('puts the resubmitted submission back in street-review with the edited data', () => {
    expect(seen.resubmitted.status).toBe(200);
    expect(seen.resubmitted.body).toMatchObject({ step: 'street-review', status: 'in_review', version: 5, data: { name: edited.name } });
  });

  it('moves a street-approved submission to district-review', () => {
    expect(seen.streetApproved.status).toBe(200);
    expect(seen.streetApproved.body).toMatchObject({ step: 'district-review', status: 'in_review', version: 6 });
  });

  it('approves at the district and issues the first number of the year', () => {
    expect(seen.districtApproved.status).toBe(200);
    expect(seen.districtApproved.body).toMatchObject({ step: 'approved', status: 'approved', version: 7, number: 'YP-2030-0001', assignees: [] });
  });

  it('keeps a draft out of every inbox', () => {
    expect(inboxes.draft).toEqual({ street: [], district: [], submitter: [] });
  });

  it('puts a submitted registration in the street reviewer inbox only', () => {
    expect(inboxes.submitted).toEqual({ street: [sub.id], district: [], submitter: [] });
  });

  it('puts a returned registration in the submitting union inbox only', () => {
    expect(inboxes.returned).toEqual({ street: [], district: [], submitter: [sub.id] });
  });

  it('puts a resubmitted registration back in the street reviewer inbox only', () => {
    expect(inboxes.resubmitted).toEqual({ street: [sub.id], district: [], submitter: [] });
  });

  it('moves a street-approved registration to the district reviewer inbox only', () => {
    expect(inboxes.streetApproved).toEqual({ street: [], district: [sub.id], submitter: [] });
  });

  it('leaves an approved registration in nobody’s inbox', () => {
    expect(inboxes.approved).toEqual({ street: [], district: [], submitter: [] });
  });

  it('lists every event in order with its actor, step and target step', () => {
    const events = seen.history.body.events.map((e: any) => [e.seq, e.action, e.actor.id, e.step, e.to]);
    expect(events).toEqual([
      [1, 'create', 'acme.submitter', 'fill', 'fill'],
      [2, 'submit', 'acme.submitter', 'fill', 'street-review'],
      [3, 'return', 'dinghailu.reviewer', 'street-review', 'fill'],
      [4, 'submit', 'acme.submitter', 'fill', 'street-review'],
      [5, 'approve', 'dinghailu.reviewer', 'street-review', 'district-review'],
      [6, 'approve', 'district.reviewer', 'district-review', 'approved'],
    ]);
  });

  it('names each actor with id, name and organisation', () => {
    const actors = seen.history.body.events.map((e: any) => e.actor);
    expect(actors[2]).toEqual({ id: 'dinghailu.reviewer', name: '定海路 张审核', orgId: 'dinghailu' });
    expect(actors[5]).toEqual({ id: 'district.reviewer', name: '区总组织部 王审核', orgId: 'yangpu' });
  });

  it('records the comments of the return and the approval', () => {
    const comments = seen.history.body.events.map((e: any) => e.comment);
    expect(comments).toEqual([undefined, undefined, '请补充筹备组成员名单', undefined, '同意，报区总工会', undefined]);
  });

  it('keeps the full data of the first submit in its event', () => {
    const first = seen.history.body.events[1];
    expect(first.changes.data).toEqual(original);
  });

  it('keeps the edited data of the resubmit in its own event', () => {
    const second = seen.history.body.events[3];
    expect(second.changes.data).toEqual(edited);
  });

  it('records the issued number in the final approval event, with the branch it took', () => {
    expect(seen.history.body.events[5].changes).toEqual({ number: 'YP-2030-0001', route: { branch: 2, of: 2 } });
  });
});

describe('registration numbers', () => {
  const clock = { now: new Date('2030-06-14T02:00:00.000Z') };
  let env: TestEnv;
  let clients: { submitter: Client; street: Client; district: Client };
  const signInAll = async () => ({
    submitter: await signIn(env.app, 'acme.submitter'),
    street: await signIn(env.app, 'dinghailu.reviewer'),
    district: await signIn(env.app, 'district.reviewer'),
  });
  const approveOne = () => approvedRegistration(clients.submitter, clients.street, clients.district, validRegistration(clock.now));

  beforeAll(async () => {
    env = await setupEnv({ now: () => clock.now });
    clients = await signInAll();
  });

  // These run in order on one table: each approval takes the next number of its year.
  it('issues 0001 to the first approved registration of a year', async () => {
    const approved = await approveOne();
    expect(approved.body.number).toBe('YP-2030-0001');
  });

  it('issues 0002 to the second approved registration of the same year', async () => {
    const approved = await approveOne();
    expect(approved.body.number).toBe('YP-2030-0002');
  });

  it('issues 0003 at 23:30 on 31 December in Shanghai, still the old year', async () => {
    clock.now = new Date('2030-12-31T15:30:00.000Z');
    clients = await signInAll();
    const approved = await approveOne();
    expect(approved.body.number).toBe('YP-2030-0003');
  });

  it('starts again at 0001 on 1 January in Shanghai, while it is still the old year in UTC', async () => {
    clock.now = new Date('2030-12-31T16:30:00.000Z');
    clients = await signInAll();
    const approved = await approveOne();
    expect(approved.body.number).toBe('YP-2031-0001');
  });

  it('continues the new year with 0002', async () => {
    clock.now = new Date('2031-01-02T02:00:00.000Z');
    clients = await signInAll();
    const approved = await approveOne();
    expect(approved.body.number).toBe('YP-2031-0002');
  });

  it('issues no number to a registration that is only street-approved', async () => {
    const submitted = await submittedRegistration(clients.submitter, validRegistration(clock.now));
    const streetApproved = await act(clients.street, submitted, 'approve');
    expect(streetApproved.body.number).toBeUndefined();
  });
});

describe('rejecting, withdrawing and editing', () => {
  let env: TestEnv;
  let submitter: Client;
  let street: Client;
  let district: Client;
  let acmeReviewer: Client;

  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    street = await signIn(env.app, 'dinghailu.reviewer');
    district = await signIn(env.app, 'district.reviewer');
    acmeReviewer = await signIn(env.app, 'acme.committee');
  });

  const newDraft = async () => (await submitter.json<Sub>('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() })).body;

  it('ends a registration rejected by the street reviewer as rejected', async () => {
    const sub = await submittedRegistration(submitter);
    const rejected = await act(street, sub, 'reject', { comment: '不符合单独建会条件' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ step: 'rejected', status: 'rejected', assignees: [] });
  });

  it('ends a registration rejected by the district reviewer as rejected, without a number', async () => {
    const sub = await submittedRegistration(submitter);
    const streetApproved = await act(street, sub, 'approve');
    const rejected = await act(district, streetApproved.body, 'reject', { comment: '材料不全' });
    expect(rejected.body).toMatchObject({ step: 'rejected', status: 'rejected' });
    expect(rejected.body.number).toBeUndefined();
  });

  it('removes a rejected registration from the street reviewer inbox', async () => {
    const sub = await submittedRegistration(submitter);
    await act(street, sub, 'reject', { comment: '不符合单独建会条件' });
    expect(await inboxIds(street)).not.toContain(sub.id);
  });

  it('refuses a reject without a comment with 422', async () => {
    const sub = await submittedRegistration(submitter);
    const refused = await act(street, sub, 'reject');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('validation_failed');
  });

  it('refuses a return without a comment with 422', async () => {
    const sub = await submittedRegistration(submitter);
    const refused = await act(street, sub, 'return', { comment: '   ' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['comment']);
  });

  it('refuses any action on a rejected registration with 409 action_not_allowed', async () => {
    const sub = await submittedRegistration(submitter);
    const rejected = await act(street, sub, 'reject', { comment: '不符合单独建会条件' });
    const refused = await act(street, rejected.body, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('lets the submitter withdraw a draft', async () => {
    const draft = await newDraft();
    const withdrawn = await act(submitter, draft, 'withdraw');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it('lets the submitter withdraw a submitted registration before the street review acts', async () => {
    const sub = await submittedRegistration(submitter);
    const withdrawn = await act(submitter, sub, 'withdraw', { comment: '信息有误，撤回' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', assignees: [] });
  });

  it('removes a withdrawn registration from the street reviewer inbox', async () => {
    const sub = await submittedRegistration(submitter);
    await act(submitter, sub, 'withdraw');
    expect(await inboxIds(street)).not.toContain(sub.id);
  });

  it('refuses a withdrawal after the street review commented, with 409 action_not_allowed', async () => {
    const sub = await submittedRegistration(submitter);
    const commented = await act(street, sub, 'comment', { comment: '正在审核' });
    const refused = await act(submitter, commented.body, 'withdraw');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('refuses a withdrawal after the street approval, with 409 action_not_allowed', async () => {
    const sub = await submittedRegistration(submitter);
    const streetApproved = await act(street, sub, 'approve');
    const refused = await act(submitter, streetApproved.body, 'withdraw');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('refuses a withdrawal by the street reviewer with 409 action_not_allowed', async () => {
    const sub = await submittedRegistration(submitter);
    const refused = await act(street, sub, 'withdraw');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('refuses to save the data of a submitted registration with 409 action_not_allowed', async () => {
    const sub = await submittedRegistration(submitter);
    const refused = await submitter.json('PUT', `/api/submissions/${sub.id}/data`, { data: { name: '改名' }, version: sub.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('refuses a draft save by the street reviewer with 403', async () => {
    const draft = await newDraft();
    const refused = await street.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '改名' }, version: draft.version });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('refuses a draft save by a reviewer of the same union with 403', async () => {
    const draft = await newDraft();
    const refused = await acmeReviewer.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '改名' }, version: draft.version });
    expect(refused.status).toBe(403);
  });

  it('leaves the data unchanged after a refused draft save', async () => {
    const draft = await newDraft();
    await street.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '改名' }, version: draft.version });
    const after = await submitter.json('GET', `/api/submissions/${draft.id}`);
    expect(after.body).toMatchObject({ version: draft.version, data: { name: draft.data.name } });
  });

  it('refuses a draft save at a stale version with 409 version_conflict', async () => {
    const draft = await newDraft();
    await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '第一次' }, version: draft.version });
    const refused = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '第二次' }, version: draft.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('version_conflict');
  });

  it('refuses a submit of incomplete data with 422 and one issue per missing field', async () => {
    const draft = (await submitter.json<Sub>('POST', '/api/submissions', { formId: 'union-registration', data: { name: '只填了名称' } })).body;
    const refused = await act(submitter, draft, 'submit');
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues.map((i: { path: string }) => i.path)).toContain('kind');
  });
});
