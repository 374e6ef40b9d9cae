/**
 * A version published before the language refused plain-text help, untitled sections, keys
 * it does not know and failing examples is still in the table: it stays the current version,
 * its drafts submit and its records print.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { versionItem } from '../../functions/store/form-versions.js';
import { act, formExample, setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

let env: TestEnv;
let submitter: Client;
let stored: Json;

beforeAll(async () => {
  env = await setupEnv();
  const admin = await signIn(env.app, 'admin');
  submitter = await signIn(env.app, 'acme.submitter');
  // By number: asking for the current version would cache it before version 2 exists.
  stored = (await admin.json('GET', '/api/forms/home-assessment/versions/1')).body;
  stored.version = 2;
  const district = stored.sections.find((s: Json) => s.key === 'district');
  delete district.title;
  district.help = '由区总工会填写';
  stored.sections[0].fields[0].hint = 'a key no version used';
  stored.example = {};
  const item = versionItem({ formId: 'home-assessment', version: 2, declaration: stored as never, publishedAt: new Date().toISOString(), publishedBy: 'admin', replaces: 1 });
  await env.db.doc.send(new PutCommand({ TableName: env.db.table, Item: item }));
});

describe('a stored version the language would refuse today', () => {
  it('is served as the current version, as it was stored', async () => {
    const res = await submitter.json('GET', '/api/forms/home-assessment');
    expect([res.status, res.body]).toEqual([200, stored]);
  });

  it('takes drafts that submit', async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment') });
    expect([created.status, created.body.formVersion]).toEqual([201, 2]);
    const submitted = await act(submitter, created.body, 'submit');
    expect(submitted.status).toBe(200);
    const print = await submitter.request('GET', `/api/submissions/${created.body.id}/print`);
    expect(print.status).toBe(200);
    // The untitled section is printed under its key.
    expect(await print.text()).toContain('<h2><span lang="zh-CN">district</span>');
  });
});
