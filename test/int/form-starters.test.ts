/**
 * Who may start a form is declared with it (`startedBy`): a union's submitter starts its own
 * forms, and only members start a fund-query (with a one-time code, POST /api/member/queries).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scanTable, setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let acme: Client;
let street: Client;
let admin: Client;

beforeAll(async () => {
  env = await setupEnv();
  [acme, street, admin] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'admin'].map((u) => signIn(env.app, u)));
});

const data = { line: '职工活动支出', question: '工会自己提出的“会员意见”？' };

describe('POST /api/submissions for a form members start', () => {
  it('refuses a union’s submitter with 403 forbidden, saying who starts it', async () => {
    const res = await acme.json('POST', '/api/submissions', { formId: 'fund-query', data });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('监督码') } });
    const en = await acme.json('POST', '/api/submissions', { formId: 'fund-query', data }, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(/members start this form with a one-time code/i);
  });

  it('refuses it with an Idempotency-Key too, and stores nothing', async () => {
    const res = await acme.json('POST', '/api/submissions', { formId: 'fund-query', data }, { 'idempotency-key': 'fq-1' });
    expect(res.status).toBe(403);
    const items = await scanTable(env);
    expect(items.filter((i) => i.formId === 'fund-query')).toEqual([]);
    expect(items.filter((i) => String(i.pk).startsWith('IDEM#'))).toEqual([]);
  });

  it('still lets the union start its own forms', async () => {
    const res = await acme.json('POST', '/api/submissions', { formId: 'fund-oversight' });
    expect(res.status).toBe(201);
  });
});

describe('GET /api/forms', () => {
  const items = async (client: Client) => {
    const res = await client.json('GET', '/api/forms');
    expect(res.status).toBe(200);
    return new Map((res.body.items as { id: string; startedBy: string[]; canStart: boolean }[]).map((i) => [i.id, i]));
  };

  it('says who starts each form, and whether the caller can', async () => {
    const forms = await items(acme);
    expect(forms.get('fund-query')).toMatchObject({ startedBy: ['member'], canStart: false });
    expect(forms.get('union-registration')).toMatchObject({ startedBy: ['submitter'], canStart: true });
    expect(forms.get('fund-oversight')).toMatchObject({ startedBy: ['submitter'], canStart: true });
  });

  it('tells a reviewer it can start none of them', async () => {
    const forms = await items(street);
    expect([...forms.values()].filter((f) => f.canStart)).toEqual([]);
    expect(forms.get('union-registration')).toMatchObject({ startedBy: ['submitter'] });
  });
});

describe('publishing a version', () => {
  it('refuses a new version that changes who starts the form', async () => {
    const current = (await admin.json('GET', '/api/forms/fund-query')).body;
    const { startedBy: _dropped, ...withoutStarters } = current;
    const res = await admin.json('POST', '/api/forms/fund-query/versions', { declaration: withoutStarters });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].message).toMatch(/发起|start/);
    expect((await acme.json('POST', '/api/submissions', { formId: 'fund-query', data })).status).toBe(403);
  });
});
