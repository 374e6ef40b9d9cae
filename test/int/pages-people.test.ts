/**
 * 转交, 加签 and 抄送 on the review page suggest the people the engine would accept as `to`,
 * from the organisations around the record, and nobody it would refuse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { putUser } from '../../functions/store/accounts.js';
import { pageCookie, setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let html: string;

/** The usernames offered for the form of `action`'s `to`. */
function offered(action: string): string[] {
  const list = new RegExp(`<datalist id="l-${action}-to">([\\s\\S]*?)</datalist>`).exec(html)?.[1] ?? '';
  return [...list.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]).sort();
}

beforeAll(async () => {
  env = await setupEnv();
  // A second reviewer at the street, and a disabled third: only the second can take over.
  await putUser(env.db, { id: 'dinghailu.reviewer2', name: '定海路 李审核', orgId: 'dinghailu', roles: ['reviewer'], passwordHash: 'x' });
  await putUser(env.db, { id: 'dinghailu.gone', name: '定海路 已停用', orgId: 'dinghailu', roles: ['reviewer'], passwordHash: 'x', disabled: true });
  const sub = await submittedRegistration(await signIn(env.app, 'acme.submitter'));
  const cookie = await pageCookie(env.app, 'dinghailu.reviewer');
  html = await (await env.app.request(`/submissions/${sub.id}`, { headers: { cookie } })).text();
});

describe('the people a review page suggests', () => {
  it('for 转交: the other reviewers the step is assigned to, and no one else', () => {
    expect(offered('transfer')).toEqual(['dinghailu.reviewer2']);
  });

  it('never suggests the reviewer, or a disabled account', () => {
    for (const action of ['transfer', 'addSigner', 'cc']) {
      expect(offered(action)).not.toContain('dinghailu.reviewer');
      expect(offered(action)).not.toContain('dinghailu.gone');
    }
  });

  it('for 加签: reviewers and auditors outside the submitting union, whose own reviewer may not sign', () => {
    const people = offered('addSigner');
    expect(people).toEqual(expect.arrayContaining(['dinghailu.reviewer2', 'district.reviewer']));
    expect(people).not.toContain('acme.committee');
    expect(people).not.toContain('acme.submitter');
  });

  it('for 抄送: review and audit staff only, never a union’s submitter', () => {
    const people = offered('cc');
    expect(people).toEqual(expect.arrayContaining(['district.auditor', 'district.reviewer']));
    expect(people.filter((p) => p.endsWith('.submitter'))).toEqual([]);
  });

  it('ties the suggestions to the input, each named with its organisation', () => {
    expect(html).toMatch(/<input type="text" id="transfer-to" name="to"[^>]* list="l-transfer-to"/);
    expect(html).toContain('<option value="dinghailu.reviewer2" label="定海路 李审核 · 定海路街道总工会">');
  });
});
