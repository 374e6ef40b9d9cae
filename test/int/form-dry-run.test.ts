/**
 * Publishing safely: before a version is published, the admin previews what it changes
 * against the current version and a dry run of it over the current version's submissions
 * (validation and computed values, nothing written); the publish answer says the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX_TYPE } from '../../functions/authoring/workbook.js';
import { act, formExample, scanTable, setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

let env: TestEnv;
let admin: Client;
let acme: Client;
let beta: Client;
let v1: Json;
/** Drafts and submitted registrations whose plan is the example's, and one draft with a short plan. */
const shortPlan = '一、成立筹备组。';

beforeAll(async () => {
  env = await setupEnv();
  [admin, acme, beta] = await Promise.all(['admin', 'acme.submitter', 'beta.submitter'].map((u) => signIn(env.app, u)));
  v1 = (await admin.json('GET', '/api/forms/union-registration')).body;
  await submittedRegistration(acme);
  await submittedRegistration(beta);
  await acme.json('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() });
  await beta.json('POST', '/api/submissions', { formId: 'union-registration', data: { ...validRegistration(), plan: shortPlan } });
});

/** Version 1 with the plan at least `length` characters long (and an example plan that long, as its example must pass). */
function longerPlan(length: number): Json {
  const decl = structuredClone(v1);
  for (const section of decl.sections) for (const field of section.fields) if (field.key === 'plan') field.minLength = length;
  decl.example.plan = '方'.repeat(length);
  return decl;
}

const preview = (declaration: Json) => admin.json('POST', '/api/forms/union-registration/versions/preview', { declaration });

describe('previewing a version', () => {
  it('reports the change and how many current submissions the new rule would refuse, and why', async () => {
    const planLength = String(validRegistration().plan).length;
    const res = await preview(longerPlan(planLength + 1));
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.changes).toEqual([
      { change: 'changed', part: 'field', key: 'plan', properties: ['minLength'] },
      { change: 'changed', part: 'example', key: 'example' },
    ]);
    expect(res.body.dryRun).toMatchObject({ version: 1, submissions: 4, wouldFail: 4 });
    expect(res.body.dryRun.issues).toEqual([expect.objectContaining({ path: 'plan', count: 4, submissionIds: expect.any(Array) })]);
  });

  it('counts only the records the rule really catches: a threshold between the two plans fails the short one', async () => {
    const res = await preview(longerPlan(shortPlan.length + 1));
    expect(res.body.dryRun).toMatchObject({ submissions: 4, wouldFail: 1, issues: [expect.objectContaining({ path: 'plan', count: 1 })] });
  });

  it('writes nothing: no version, no change to any submission', async () => {
    const before = await scanTable(env);
    await preview(longerPlan(500));
    expect(await scanTable(env)).toEqual(before);
    expect((await admin.json('GET', '/api/forms/union-registration/versions')).body.items).toHaveLength(1);
  });

  it('reports computed values that would come out differently', async () => {
    const sub = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment') })).body;
    expect(sub.computed.modelEligible).not.toBeUndefined();
    const decl = (await admin.json('GET', '/api/forms/home-assessment')).body;
    decl.params.modelMinTotal.value = 10;
    decl.params.modelMinSatisfaction.value = 0;
    decl.params.modelMinAnswers.value = 0;
    decl.params.modelAnswerSharePercent.value = 0;
    const res = await admin.json('POST', '/api/forms/home-assessment/versions/preview', { declaration: decl });
    expect(res.body.changes.map((c: Json) => c.key).sort()).toEqual(['modelAnswerSharePercent', 'modelMinAnswers', 'modelMinSatisfaction', 'modelMinTotal']);
    expect(res.body.dryRun).toMatchObject({ submissions: 1, wouldFail: 0 });
    expect(res.body.dryRun.computedChanged.map((c: Json) => c.key)).toContain('modelEligible');
  });

  it('refuses a declaration whose example fails its own new rule, with 422 at the example', async () => {
    const decl = longerPlan(500);
    decl.example.plan = '太短';
    const res = await preview(decl);
    expect([res.status, res.body.error.issues.map((i: Json) => i.path)]).toEqual([422, expect.arrayContaining(['declaration.example.plan'])]);
  });

  it('refuses a declaration that does not compile with 422, as a publish would', async () => {
    const broken = structuredClone(v1);
    broken.sections[0].fields[0].type = 'txet';
    expect((await preview(broken)).status).toBe(422);
  });

  it('previews a workbook as it would a JSON declaration', async () => {
    const workbook = await admin.request('GET', '/api/forms/union-registration/versions/1/workbook');
    const res = await env.app.request('/api/forms/union-registration/versions/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': XLSX_TYPE },
      body: new Uint8Array(await workbook.arrayBuffer()),
    });
    expect([res.status, await res.json()]).toEqual([200, { version: 2, changes: [], dryRun: expect.objectContaining({ submissions: 4, wouldFail: 0 }) }]);
  });

  it('lets only the admin preview: 403 for a submitter', async () => {
    expect((await acme.json('POST', '/api/forms/union-registration/versions/preview', { declaration: v1 })).status).toBe(403);
  });
});

describe('publishing a version', () => {
  it('answers with what changed and the dry run, and the next version is live', async () => {
    const res = await admin.json('POST', '/api/forms/union-registration/versions', { declaration: longerPlan(shortPlan.length + 1) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, changes: [{ part: 'field', key: 'plan' }, { part: 'example' }], dryRun: { version: 1, submissions: 4, wouldFail: 1 } });
    const draft = await beta.json('POST', '/api/submissions', { formId: 'union-registration', data: { ...validRegistration(), plan: shortPlan } });
    expect(draft.body.formVersion).toBe(2);
    expect((await act(beta, draft.body, 'submit')).status).toBe(422);
  });
});
