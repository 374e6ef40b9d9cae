/**
 * The district 经审会's sign-off of an audit submission, in turn (依次): one member reviews,
 * another countersigns, through the real app with the demo accounts. The history shows each
 * signature with its turn; nobody signs both turns, and the 特约经审员 signs neither.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, formExample, inboxIds, setupEnv, signIn, type Client } from './support.js';

type Json = Record<string, any> & { id: string; version: number };
const keysOf = (sub: Json) => sub.assignees.map((a: Json) => a.key).sort();

describe('the district 经审会 signs an audit in turn', () => {
  let union: Client;
  let auditor: Client;
  let first: Client;
  let second: Client;
  let inSignoff: Json;
  let reviewed: Json;

  beforeAll(async () => {
    const env = await setupEnv();
    [union, auditor, first, second] = await Promise.all(
      ['acme.submitter', 'acme.auditor', 'district.auditor2', 'district.auditor'].map((u) => signIn(env.app, u)),
    );
    const created = await union.json('POST', '/api/submissions', { formId: 'audit-submission', data: formExample('audit-submission') });
    const submitted = (await act(union, created.body, 'submit')).body;
    inSignoff = (await act(auditor, submitted, 'no-findings')).body;
    reviewed = (await act(first, inSignoff, 'approve', { comment: '审核无误' })).body;
  });

  it('lets either member take the first turn', () => {
    expect([inSignoff.step, keysOf(inSignoff)]).toEqual(['district-signoff', ['user:district.auditor', 'user:district.auditor2']]);
  });

  it('hands the countersignature to the other member, out of the first one’s inbox', async () => {
    expect([reviewed.step, keysOf(reviewed), reviewed.approvals.map((a: Json) => a.id)]).toEqual([
      'district-signoff',
      ['user:district.auditor'],
      ['district.auditor2'],
    ]);
    expect(await inboxIds(first)).not.toContain(reviewed.id);
    expect(await inboxIds(second)).toContain(reviewed.id);
  });

  it('refuses the first signer’s countersignature with 409', async () => {
    const res = await act(first, reviewed, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('action_not_allowed');
  });

  it('refuses the 特约经审员’s countersignature with 409', async () => {
    const res = await act(auditor, reviewed, 'approve');
    expect(res.status).toBe(409);
  });

  it('closes on the countersignature, each signature in the history with its turn', async () => {
    const closed = await act(second, reviewed, 'approve', { comment: '同意结案' });
    expect(closed.body).toMatchObject({ step: 'closed', status: 'closed', assignees: [] });
    const { body } = await union.json('GET', `/api/submissions/${reviewed.id}/history`);
    const signatures = body.events.filter((e: Json) => e.changes?.signature).map((e: Json) => [e.actor.id, e.changes.signature.turn, e.changes.signature.title.zh, e.to]);
    expect(signatures).toEqual([
      ['district.auditor2', 1, '经审会审核', 'district-signoff'],
      ['district.auditor', 2, '经审会复核签批', 'closed'],
    ]);
    const printed = await (await union.request('GET', `/api/submissions/${reviewed.id}/print`)).text();
    expect(printed).toContain('第 1 轮，共 2 轮：经审会审核');
    expect(printed).toContain('第 2 轮，共 2 轮：经审会复核签批');
  });
});
