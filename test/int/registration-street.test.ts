/**
 * A registration's street is the submitting union's street in the organisation tree: a new
 * draft gets it when it names none, and a submit naming another street is refused, so the
 * record never names a street other than the one that reviews it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inboxIds, setupEnv, signIn, validRegistration, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

let env: TestEnv;
let acme: Client;
let beta: Client;
let dinghailu: Client;

beforeAll(async () => {
  env = await setupEnv();
  [acme, beta, dinghailu] = await Promise.all(['acme.submitter', 'beta.submitter', 'dinghailu.reviewer'].map((u) => signIn(env.app, u)));
});

const withoutStreet = (): Json => {
  const { street: _street, ...data } = validRegistration();
  return data;
};
const create = (client: Client, data: Json) => client.json('POST', '/api/submissions', { formId: 'union-registration', data });
const submit = (client: Client, sub: Json, headers: Record<string, string> = {}) =>
  client.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'submit', version: sub.version }, headers);

describe('the street of a registration', () => {
  it('is set to the union’s own street when a new draft names none', async () => {
    const [a, b] = await Promise.all([create(acme, withoutStreet()), create(beta, withoutStreet())]);
    expect([a.status, a.body.data.street]).toEqual([201, 'dinghailu']);
    expect([b.status, b.body.data.street]).toEqual([201, 'wujiaochang']);
    expect((await submit(beta, b.body)).body).toMatchObject({ step: 'street-review', data: { street: 'wujiaochang' } });
  });

  it('is set when a new draft leaves it empty, and kept when it names one', async () => {
    const empty = await create(acme, { street: '' });
    expect([empty.status, empty.body.data.street]).toEqual([201, 'dinghailu']);
    const named = await create(acme, { street: 'wujiaochang' });
    expect([named.status, named.body.data.street]).toEqual([201, 'wujiaochang']);
  });

  it('refuses a submit naming another street with 422 at street, in Chinese and in English', async () => {
    const draft = (await create(acme, { ...validRegistration(), street: 'wujiaochang' })).body;
    const zh = await submit(acme, draft);
    expect([zh.status, zh.body.error.code]).toEqual([422, 'validation_failed']);
    expect(zh.body.error.issues).toEqual([{ path: 'street', message: '所属街道须为本单位在组织架构中的街道：定海路街道' }]);
    const en = await submit(acme, draft, { 'accept-language': 'en' });
    expect(en.body.error.issues).toEqual([
      { path: 'street', message: 'Street must be your union’s own street in the organisation tree: Dinghailu' },
    ]);
    expect((await acme.json('GET', `/api/submissions/${draft.id}`)).body).toMatchObject({ step: 'fill', status: 'draft' });
  });

  it('refuses another street given with the submit itself, together with the form’s own issues', async () => {
    const draft = (await create(acme, withoutStreet())).body;
    const data = { ...draft.data, street: 'siping', leaderName: '' };
    const res = await acme.json('POST', `/api/submissions/${draft.id}/actions`, { action: 'submit', version: draft.version, data });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: Json) => i.path).sort()).toEqual(['leaderName', 'street']);
  });

  it('gives each union the schema’s example with its own street, and one under no street the declared one', async () => {
    const admin = await signIn(env.app, 'admin');
    const examples = await Promise.all([beta, admin].map(async (c) => (await c.json('GET', '/api/forms/union-registration/schema')).body.examples[0]));
    expect(examples.map((e) => e.street)).toEqual(['wujiaochang', 'dinghailu']);
    const draft = (await create(beta, examples[0])).body;
    expect((await submit(beta, draft)).body).toMatchObject({ step: 'street-review', data: { street: 'wujiaochang' } });
  });

  it('keeps the README walk-through working: acme submits the schema’s example, and 定海路 reviews it', async () => {
    const schema = await acme.json('GET', '/api/forms/union-registration/schema');
    const example = schema.body.examples[0];
    expect(example.street).toBe('dinghailu');
    const draft = await acme.request('POST', '/api/submissions', { formId: 'union-registration', data: example }, { 'idempotency-key': 'reg-demo-1' });
    expect(draft.status).toBe(201);
    const created = (await draft.json()) as Json;
    const submitted = await submit(acme, created);
    expect(submitted.body).toMatchObject({ step: 'street-review', status: 'in_review', data: { street: 'dinghailu' } });
    expect(await inboxIds(dinghailu)).toContain(created.id);
  });
});
