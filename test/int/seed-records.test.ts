/**
 * The demo records `npm start` writes into an empty table: made through the services, so each
 * has a verifiable history, and spread so that every role finds something waiting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRecords } from '../../functions/seed-records.js';
import { inboxIds, setupEnv, signIn, type TestEnv } from './support.js';

let env: TestEnv;

beforeAll(async () => {
  env = await setupEnv();
  await seedDemoRecords(env.deps);
});

describe('demo records', () => {
  it('leave a registration and a home assessment waiting for 定海路 and one returned to 贝塔 with its comment', async () => {
    const street = await signIn(env.app, 'dinghailu.reviewer');
    const waiting = await Promise.all((await inboxIds(street)).map(async (id) => (await street.json('GET', `/api/submissions/${id}`)).body));
    expect(waiting.map((s) => s.formId).sort()).toEqual(['home-assessment', 'union-registration']);
    const beta = await signIn(env.app, 'beta.submitter');
    const own = (await beta.json('GET', '/api/submissions')).body.items;
    const returned = own.filter((s: { status: string }) => s.status === 'returned');
    expect(returned).toHaveLength(1);
    const history = (await beta.json('GET', `/api/submissions/${returned[0].id}/history`)).body.events;
    expect(history.at(-1)).toMatchObject({ action: 'return', comment: expect.stringContaining('筹备组') });
  });

  it('approve one registration in each of two streets, each with its number and an intact chain', async () => {
    const auditor = await signIn(env.app, 'district.auditor');
    const all = (await auditor.json('GET', '/api/submissions')).body.items;
    const approved = all.filter((s: { status: string }) => s.status === 'approved');
    expect(approved.map((s: { orgId: string }) => s.orgId).sort()).toEqual(['acme', 'beta']);
    for (const s of approved) {
      expect(s.number).toMatch(/\d/);
      expect((await auditor.json('GET', `/api/submissions/${s.id}/verify`)).body.ok).toBe(true);
    }
  });
});
