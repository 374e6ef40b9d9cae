/**
 * 建会申请 of a key enterprise (重点企业) through the real app: after the district organisation
 * department approves, the district leadership approves too before the number is issued; the
 * history says which branch each approval took.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client } from './support.js';

type Json = Record<string, any>;

const act = (client: Client, sub: Json, action: string, extra: Json = {}) =>
  client.json('POST', `/api/submissions/${sub.id}/actions`, { action, version: sub.version, ...extra });
const inboxIds = async (client: Client): Promise<string[]> => (await client.json('GET', '/api/inbox')).body.items.map((i: Json) => i.submissionId);

describe('a key enterprise’s registration', () => {
  const seen = {} as Record<string, { status: number; body: any }>;
  let districtInbox: string[];
  let printed: string;

  beforeAll(async () => {
    const env = await setupEnv();
    const submitter = await signIn(env.app, 'acme.submitter');
    const street = await signIn(env.app, 'dinghailu.reviewer');
    const district = await signIn(env.app, 'district.reviewer');
    const submitted = await submittedRegistration(submitter, { ...validRegistration(), keyEnterprise: true });
    seen.street = await act(street, submitted, 'approve');
    seen.department = await act(district, seen.street.body, 'approve', { comment: '组织部同意' });
    districtInbox = await inboxIds(district);
    seen.leadership = await act(district, seen.department.body, 'approve', { comment: '同意建会' });
    seen.history = await district.json('GET', `/api/submissions/${submitted.id}/history`);
    seen.verify = await district.json('GET', `/api/submissions/${submitted.id}/verify`);
    printed = await (await district.request('GET', `/api/submissions/${submitted.id}/print`)).text();
  });

  it('goes from the department to the district leadership, without a number yet', () => {
    expect(seen.department.status).toBe(200);
    expect(seen.department.body).toMatchObject({ step: 'district-leader-review', status: 'in_review', assignees: [{ key: 'org:yangpu:reviewer' }] });
    expect(seen.department.body.number).toBeUndefined();
  });

  it('waits in the district reviewers’ inbox', () => {
    expect(districtInbox).toContain(seen.department.body.id);
  });

  it('is approved by the district leadership, with its number', () => {
    expect(seen.leadership.status).toBe(200);
    expect(seen.leadership.body).toMatchObject({ step: 'approved', status: 'approved', number: expect.stringMatching(/^YP-\d{4}-0001$/) });
  });

  it('records each step and the branch the department’s approval took', () => {
    const events = seen.history.body.events.map((e: Json) => [e.action, e.step, e.to]);
    expect(events.slice(-3)).toEqual([
      ['approve', 'street-review', 'district-review'],
      ['approve', 'district-review', 'district-leader-review'],
      ['approve', 'district-leader-review', 'approved'],
    ]);
    expect(seen.history.body.events.at(-2).changes.route).toMatchObject({ branch: 1, of: 2, when: { any: expect.any(Array) } });
  });

  it('prints the branch taken in the record’s history', () => {
    expect(printed).toContain('条件分支');
    expect(printed).toContain('第 1 支，共 2 支');
  });

  it('keeps a history that verifies, the branch covered by its hash', () => {
    expect(seen.verify.body).toMatchObject({ ok: true, events: seen.history.body.events.length });
  });
});
