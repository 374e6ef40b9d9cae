/**
 * The JSON Schema of the form declaration language, served to anyone signed in, describes
 * what the forms' own definitions are; a declaration the language refuses is refused at
 * publication with each problem at its path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formDeclarationSchema } from '../../forms/schema.js';
import { anonymousJson, setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

let env: TestEnv;
let submitter: Client;
let admin: Client;

beforeAll(async () => {
  env = await setupEnv();
  [submitter, admin] = await Promise.all(['acme.submitter', 'admin'].map((u) => signIn(env.app, u)));
});

describe('GET /api/schemas/form-declaration', () => {
  it('answers a signed-in user with the JSON Schema of a declaration', async () => {
    const res = await submitter.json('GET', '/api/schemas/form-declaration');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
    expect(Object.keys(res.body.$defs)).toEqual(expect.arrayContaining(['FieldDecl', 'RuleDecl', 'Expr', 'Condition', 'Text']));
  });

  it('refuses a caller without a session with 401', async () => {
    expect((await anonymousJson(env.app, 'GET', '/api/schemas/form-declaration')).status).toBe(401);
  });

  it('describes the definition of every form the API serves', async () => {
    const { body } = await submitter.json('GET', '/api/forms');
    const definitions = await Promise.all(body.items.map((f: Json) => submitter.json('GET', `/api/forms/${f.id}`)));
    const failing = definitions.map((d) => formDeclarationSchema.safeParse(d.body)).filter((r) => !r.success);
    expect([definitions.length, failing]).toEqual([6, []]);
  });
});

describe('GET /api/forms/{id}/schema', () => {
  it('says that money is whole fen, on every money property', async () => {
    const { body } = await submitter.json('GET', '/api/forms/fund-oversight/schema');
    const money = Object.entries(body.properties as Record<string, Json>).filter(([k]) => k.startsWith('inc_') || k.startsWith('exp_'));
    expect(money.length).toBeGreaterThan(0);
    for (const [, p] of money) expect(p).toMatchObject({ 'x-unit': 'fen', description: expect.stringContaining('Amount in fen (1 yuan = 100 fen)') });
  });
});

describe('publishing a declaration the language refuses', () => {
  it('answers 422 with the problem at its path inside the declaration', async () => {
    const decl = (await admin.json('GET', '/api/forms/fund-query')).body;
    delete decl.sections[1].title;
    decl.sections[0].fields[1].help = '所涉项目';
    const res = await admin.json('POST', '/api/forms/fund-query/versions', { declaration: decl }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([
      { path: 'declaration', message: expect.stringContaining('The declaration is not valid') },
      { path: 'declaration.sections.0.fields.1.help', message: expect.stringContaining('{ zh, en }') },
      { path: 'declaration.sections.1.title', message: 'missing' },
    ]);
  });

  it('answers 422 when its example fails the form on the day it is published', async () => {
    const decl = (await admin.json('GET', '/api/forms/union-registration')).body;
    decl.example.foundingMeetingDate = '2020-01-01';
    const res = await admin.json('POST', '/api/forms/union-registration/versions', { declaration: decl });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: Json) => i.path)).toContain('declaration.example.foundingMeetingDate');
  });
});
