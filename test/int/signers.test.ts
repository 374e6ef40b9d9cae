/**
 * 加签 and 抄送 end to end on a union registration waiting in street-review, through the HTTP
 * API with the demo accounts: dinghailu.reviewer (the step's own reviewer) brings in
 * wujiaochang.reviewer, a reviewer of another street who would otherwise not see the
 * submission at all, as a signer before or after itself, or copies it in read-only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, formExample, inboxIds, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

type Sub = { id: string; version: number; step: string; status: string; assignees: { key: string }[] };
type HistoryEvent = { seq: number; action: string; step: string; actor: { id: string }; changes?: any };

let env: TestEnv;
let union: Client;
let otherUnion: Client;
let street: Client;
let otherStreet: Client;
let district: Client;
let admin: Client;

const keysOf = (sub: Sub) => sub.assignees.map((a) => a.key);
const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path);
const history = async (client: Client, id: string): Promise<HistoryEvent[]> =>
  (await client.json('GET', `/api/submissions/${id}/history`)).body.events;

beforeAll(async () => {
  env = await setupEnv();
  [union, otherUnion, street, otherStreet, district, admin] = await Promise.all(
    ['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'wujiaochang.reviewer', 'district.reviewer', 'admin'].map((u) =>
      signIn(env.app, u),
    ),
  );
});

describe('加签 before: a reviewer of another street signs first, then the step is handed back', () => {
  let sub: Sub;

  beforeAll(async () => {
    sub = await submittedRegistration(union);
  });

  it('keeps the registration out of the other street reviewer’s sight before it is added', async () => {
    expect((await otherStreet.json('GET', `/api/submissions/${sub.id}`)).status).toBe(404);
  });

  it('adds the signer before: the step stays street-review, assigned to the added person only', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'wujiaochang.reviewer', position: 'before' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review', version: sub.version + 1 });
    expect(keysOf(res.body)).toEqual(['user:wujiaochang.reviewer']);
    sub = res.body;
  });

  it('lets the added signer read the registration', async () => {
    const res = await otherStreet.json('GET', `/api/submissions/${sub.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(sub.id);
  });

  it('puts the registration in the added signer’s inbox', async () => {
    expect(await inboxIds(otherStreet)).toContain(sub.id);
  });

  it('takes it out of the held reviewer’s inbox while the added signer is to act', async () => {
    expect(await inboxIds(street)).not.toContain(sub.id);
  });

  it('refuses the held reviewer’s approval with 409 action_not_allowed while the added signer is to act', async () => {
    const res = await act(street, sub, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('gives the step back to dinghailu, still in street-review, when the added signer approves', async () => {
    const res = await act(otherStreet, sub, 'approve', { comment: '同意' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review' });
    expect(keysOf(res.body)).toEqual(['org:dinghailu:reviewer']);
    sub = res.body;
  });

  it('moves it out of the added signer’s inbox and back into dinghailu’s', async () => {
    expect(await inboxIds(otherStreet)).not.toContain(sub.id);
    expect(await inboxIds(street)).toContain(sub.id);
  });

  it('moves on to district-review when dinghailu then approves', async () => {
    const res = await act(street, sub, 'approve');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'district-review', status: 'in_review' });
    expect(keysOf(res.body)).toEqual(['org:yangpu:reviewer']);
    sub = res.body;
  });

  it('records the 加签 in the history with the signer’s id, name and position, by dinghailu', async () => {
    const added = (await history(street, sub.id)).filter((e) => e.action === 'addSigner');
    expect(added).toHaveLength(1);
    expect(added[0].actor.id).toBe('dinghailu.reviewer');
    expect(added[0].step).toBe('street-review');
    expect(added[0].changes).toEqual({ addSigner: { id: 'wujiaochang.reviewer', name: '五角场 赵审核', position: 'before' } });
  });

  it('records the added signer’s approval in street-review in the history', async () => {
    const approvals = (await history(street, sub.id)).filter((e) => e.action === 'approve');
    expect(approvals.map((e) => [e.actor.id, e.step])).toEqual([
      ['wujiaochang.reviewer', 'street-review'],
      ['dinghailu.reviewer', 'street-review'],
    ]);
  });

  it('keeps a verifiable hash chain through the 加签', async () => {
    expect((await street.json('GET', `/api/submissions/${sub.id}/verify`)).body).toMatchObject({ ok: true });
  });
});

describe('加签 after: the added person signs once the step’s own approval is given', () => {
  let sub: Sub;

  beforeAll(async () => {
    sub = await submittedRegistration(union);
  });

  it('adds the signer after: the step and its assignees are unchanged', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'wujiaochang.reviewer', position: 'after' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review' });
    expect(keysOf(res.body)).toEqual(['org:dinghailu:reviewer']);
    sub = res.body;
  });

  it('lets the signer added after read the registration', async () => {
    expect((await otherStreet.json('GET', `/api/submissions/${sub.id}`)).status).toBe(200);
  });

  it('does not put it in the signer’s inbox before the step’s own approval', async () => {
    expect(await inboxIds(otherStreet)).not.toContain(sub.id);
  });

  it('refuses the signer’s approval with 409 action_not_allowed before the step’s own approval', async () => {
    const res = await act(otherStreet, sub, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('keeps the step in street-review when dinghailu approves, now assigned to the signer', async () => {
    const res = await act(street, sub, 'approve');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review' });
    expect(keysOf(res.body)).toEqual(['user:wujiaochang.reviewer']);
    sub = res.body;
  });

  it('puts it in the signer’s inbox once the step’s own approval is given', async () => {
    expect(await inboxIds(otherStreet)).toContain(sub.id);
  });

  it('moves on to district-review when the signer approves', async () => {
    const res = await act(otherStreet, sub, 'approve');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'district-review', status: 'in_review' });
    sub = res.body;
  });

  it('records the 加签 in the history with position after', async () => {
    const added = (await history(street, sub.id)).find((e) => e.action === 'addSigner');
    expect(added?.changes).toEqual({ addSigner: { id: 'wujiaochang.reviewer', name: '五角场 赵审核', position: 'after' } });
  });
});

describe('抄送: a reviewer of another street copied in reads, and does nothing else', () => {
  let sub: Sub;

  beforeAll(async () => {
    sub = await submittedRegistration(union);
  });

  it('copies the reviewer in without moving the step or changing its assignees', async () => {
    const res = await act(street, sub, 'cc', { to: 'wujiaochang.reviewer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review', version: sub.version + 1 });
    expect(keysOf(res.body)).toEqual(['org:dinghailu:reviewer']);
    sub = res.body;
  });

  it('lets the copied person read the registration', async () => {
    const res = await otherStreet.json('GET', `/api/submissions/${sub.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeDefined();
  });

  it('lets the copied person read the history, which records whom dinghailu copied in', async () => {
    const events = await history(otherStreet, sub.id);
    const copied = events.find((e) => e.action === 'cc');
    expect(copied?.actor.id).toBe('dinghailu.reviewer');
    expect(copied?.changes).toEqual({ cc: { id: 'wujiaochang.reviewer', name: '五角场 赵审核' } });
  });

  it('does not put the registration in the copied person’s inbox', async () => {
    expect(await inboxIds(otherStreet)).not.toContain(sub.id);
  });

  it.each([
    ['approve', {}],
    ['return', { comment: '请补充材料' }],
    ['reject', { comment: '不予批准' }],
    ['transfer', { to: 'dinghailu.reviewer' }],
    ['addSigner', { to: 'district.reviewer', position: 'before' }],
    ['cc', { to: 'district.reviewer' }],
  ])('refuses the copied person’s %s with 409 action_not_allowed', async (action, extra) => {
    const res = await act(otherStreet, sub, action, extra);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('leaves the registration unchanged after the copied person’s refused actions', async () => {
    const now = (await street.json('GET', `/api/submissions/${sub.id}`)).body;
    expect(now).toMatchObject({ version: sub.version, step: 'street-review' });
    expect(keysOf(now)).toEqual(['org:dinghailu:reviewer']);
  });

  it('refuses a comment by the copied person (read-only sight) with 409 action_not_allowed, writing nothing', async () => {
    const res = await act(otherStreet, sub, 'comment', { comment: '我们街道也有意见' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
    expect((await street.json('GET', `/api/submissions/${sub.id}`)).body.version).toBe(sub.version);
  });

  it('refuses copying in a submitter of another union (who may see only its own union’s submissions) with 422 at to', async () => {
    const fresh = await submittedRegistration(union);
    const res = await act(street, fresh, 'cc', { to: 'beta.submitter' });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['to']);
    expect((await otherUnion.json('GET', `/api/submissions/${fresh.id}`)).status).toBe(404);
  });
});

describe('who may add, and who may be added as, a signer', () => {
  let sub: Sub;

  beforeAll(async () => {
    sub = await submittedRegistration(union);
  });

  it('refuses the system administrator as a signer with 422 and an issue at to', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'admin', position: 'before' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(issuePaths(res.body)).toEqual(['to']);
  });

  it('refuses the submitting union’s own submitter as a signer with 422 at to', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'acme.submitter', position: 'after' });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['to']);
  });

  it('refuses an account that does not exist as a signer with 422 at to', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'nobody.here', position: 'before' });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['to']);
  });

  it('refuses a 加签 without a position with 422 at position', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'wujiaochang.reviewer' });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['position']);
  });

  it('refuses a 加签 by a reviewer in scope but not assigned to the step with 409 action_not_allowed', async () => {
    const res = await act(district, sub, 'addSigner', { to: 'wujiaochang.reviewer', position: 'before' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('refuses a 加签 by the submitter with 409 action_not_allowed', async () => {
    const res = await act(union, sub, 'addSigner', { to: 'wujiaochang.reviewer', position: 'before' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('answers a 加签 by a reviewer out of scope 404, like an id that does not exist', async () => {
    const res = await act(otherStreet, sub, 'addSigner', { to: 'district.reviewer', position: 'before' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses a 加签 by the system administrator, who is not assigned, with 409 action_not_allowed, changing nothing', async () => {
    const res = await act(admin, sub, 'addSigner', { to: 'wujiaochang.reviewer', position: 'before' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
    const now = (await street.json('GET', `/api/submissions/${sub.id}`)).body;
    expect(now.version).toBe(sub.version);
    expect(keysOf(now)).toEqual(['org:dinghailu:reviewer']);
  });
});

describe('nobody of the submitting union reviews its submission from outside', () => {
  let committee: Client;
  let sub: Sub;
  let before: { sub: any; events: HistoryEvent[] };

  const snapshot = async () => ({
    sub: (await street.json('GET', `/api/submissions/${sub.id}`)).body,
    events: await history(street, sub.id),
  });

  beforeAll(async () => {
    committee = await signIn(env.app, 'acme.committee');
    sub = await submittedRegistration(union);
    before = await snapshot();
  });

  it('refuses dinghailu.reviewer’s 加签 of acme.committee after itself with 422 at to, in Chinese and English', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'acme.committee', position: 'after' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues).toEqual([{ path: 'to', message: '填报单位及其下属单位的人员不能审核本单位的填报' }]);
    const inEnglish = await street.json(
      'POST',
      `/api/submissions/${sub.id}/actions`,
      { action: 'addSigner', version: sub.version, to: 'acme.committee', position: 'after' },
      { 'accept-language': 'en' },
    );
    expect(inEnglish.status).toBe(422);
    expect(inEnglish.body.error.issues).toEqual([
      { path: 'to', message: 'Nobody of the submitting union or an organisation below it may review its submission' },
    ]);
  });

  it('refuses the 加签 of acme.committee before itself with 422 at to', async () => {
    const res = await act(street, sub, 'addSigner', { to: 'acme.committee', position: 'before' });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['to']);
  });

  it('refuses a 转交 to acme.committee with 422 at to', async () => {
    const res = await act(street, sub, 'transfer', { to: 'acme.committee' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(issuePaths(res.body)).toEqual(['to']);
  });

  it('leaves the registration, its version and its history as they were', async () => {
    const now = await snapshot();
    expect(now.sub).toEqual(before.sub);
    expect(now.sub.version).toBe(sub.version);
    expect(now.events).toEqual(before.events);
  });

  it('keeps the registration out of acme.committee’s inbox, and refuses its approval with 409', async () => {
    expect(await inboxIds(committee)).not.toContain(sub.id);
    const res = await act(committee, sub, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('still moves on to district-review when dinghailu.reviewer approves', async () => {
    const res = await act(street, sub, 'approve');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'district-review', version: sub.version + 1 });
  });
});

describe('a 特约经审员 whose own organisation is the union it is assigned to does not review it', () => {
  let selfAuditor: Client;
  let independent: Client;
  let sub: Sub;

  beforeAll(async () => {
    const created = await admin.json('POST', '/api/admin/users', {
      id: 'acme.selfaudit',
      name: '艾克米 自审员',
      orgId: 'acme',
      roles: ['auditor'],
      password: 'correct-horse-battery',
      assignedOrgIds: ['acme'],
    });
    if (created.status !== 201) throw new Error(`account failed: ${JSON.stringify(created.body)}`);
    [selfAuditor, independent] = await Promise.all([signIn(env.app, 'acme.selfaudit', 'correct-horse-battery'), signIn(env.app, 'acme.auditor')]);
    const draft = await union.json('POST', '/api/submissions', { formId: 'audit-submission', data: formExample('audit-submission') });
    sub = (await act(union, draft.body, 'submit')).body;
  });

  it('waits in audit-review for the union’s assigned auditors', () => {
    expect([sub.step, keysOf(sub)]).toEqual(['audit-review', ['assigned:acme:auditor']]);
  });

  it('refuses its no-findings with 409 action_not_allowed, changing nothing', async () => {
    const res = await act(selfAuditor, sub, 'no-findings');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'action_not_allowed', message: '填报单位及其下属单位的人员不能审核本单位的填报' });
    const now = (await union.json('GET', `/api/submissions/${sub.id}`)).body;
    expect([now.version, now.step]).toEqual([sub.version, 'audit-review']);
  });

  it('still lets the independent 特约经审员 act, and the district 经审会 is expanded to sign jointly', async () => {
    const res = await act(independent, sub, 'no-findings');
    expect(res.status).toBe(200);
    expect(res.body.step).toBe('district-signoff');
    expect(keysOf(res.body).sort()).toEqual(['user:district.auditor', 'user:district.auditor2']);
  });
});
