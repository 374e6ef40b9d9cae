/**
 * Workflow versions, published like form versions: an admin publishes the next version of a
 * workflow, checked against every form version it serves; a new draft runs the newest
 * version serving its form version; a submission keeps the workflow version it started on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, formExample, setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;
const NOW = new Date('2030-06-14T02:00:00.000Z');

let env: TestEnv;
let admin: Client;
let acme: Client;
let v1: Json;
let onV1: Json & { id: string; version: number };

beforeAll(async () => {
  env = await setupEnv({ now: () => NOW });
  [admin, acme] = await Promise.all(['admin', 'acme.submitter'].map((u) => signIn(env.app, u)));
  v1 = (await admin.json('GET', '/api/workflows/home-assessment/versions/1')).body;
  onV1 = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) })).body;
});

const publish = (declaration: Json, workflowId = 'home-assessment') => admin.json('POST', `/api/workflows/${workflowId}/versions`, { declaration });
const dueOf = (sub: Json) => sub.assignees[0].dueAt as string;

/** Version 1 with the street's review given 7 working days instead of 5. */
function slowerStreet(): Json {
  const decl = structuredClone(v1);
  decl.steps['street-review'].dueWorkingDays = 7;
  decl.title = { zh: '职工之家建设自评审核（2030 版）', en: "Workers' home self-assessment review (2030)" };
  return decl;
}

describe('workflow versions', () => {
  it('lists each workflow’s built-in version 1, serving every version of its form', async () => {
    const res = await acme.json('GET', '/api/workflows/home-assessment/versions');
    expect(res.body.items).toEqual([expect.objectContaining({ version: 1, builtin: true, formVersions: null })]);
    expect((await acme.json('GET', '/api/workflows')).body.items).toHaveLength(5);
  });

  it('pins a new draft to the workflow version it starts on', () => {
    expect(onV1.workflowVersion).toBe(1);
  });

  it('publishes the next version, and new drafts run it', async () => {
    const res = await publish(slowerStreet());
    expect([res.status, res.body]).toEqual([201, expect.objectContaining({ version: 2, builtin: false, publishedBy: 'admin', replaces: 1 })]);
    const draft = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) })).body;
    expect(draft.workflowVersion).toBe(2);
    const submitted = (await act(acme, draft, 'submit')).body;
    const old = (await act(acme, onV1, 'submit')).body;
    // 7 working days against 5 from the same Friday: two more working days, over a weekend.
    expect([dueOf(old).slice(0, 10), dueOf(submitted).slice(0, 10)]).toEqual(['2030-06-21', '2030-06-25']);
    expect(old.workflowVersion).toBe(1);
  });

  it('keeps the log of who published it', async () => {
    const log = (await admin.json('GET', '/api/admin/log?month=2030-06')).body.items;
    expect(log).toContainEqual(expect.objectContaining({ action: 'workflow.publish', target: { kind: 'workflow', id: 'home-assessment' } }));
  });

  it('refuses a version that names a field its form lacks, with 422, and publishes nothing', async () => {
    const decl = slowerStreet();
    decl.steps['district-review'].edits.paths = ['districtGrade', 'noSuchField'];
    const res = await publish(decl);
    expect([res.status, JSON.stringify(res.body.error.issues)]).toEqual([422, expect.stringContaining('noSuchField')]);
    expect((await acme.json('GET', '/api/workflows/home-assessment/versions')).body.items).toHaveLength(2);
  });

  it('refuses a version the language refuses, with each issue at its path', async () => {
    const decl = slowerStreet();
    decl.steps.fill.colour = 'red';
    const res = await publish(decl);
    expect([res.status, res.body.error.issues.map((i: Json) => i.path)]).toEqual([422, ['declaration.steps.fill']]);
  });

  it('serves only the form versions it names: a version for form version 2 leaves version 1’s drafts on the previous workflow', async () => {
    const decl: Json = { ...slowerStreet(), formVersions: { from: 2 } };
    decl.steps['street-review'].dueWorkingDays = 9;
    expect((await publish(decl)).body).toMatchObject({ version: 3, formVersions: { from: 2 } });
    const draft = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) })).body;
    expect([draft.formVersion, draft.workflowVersion]).toEqual([1, 2]);
    const form = (await admin.json('GET', '/api/forms/home-assessment')).body;
    form.title = { zh: '职工之家建设自评（2030 版）', en: 'Workers’ home self-assessment (2030)' };
    expect((await admin.json('POST', '/api/forms/home-assessment/versions', { declaration: form })).status).toBe(201);
    const onForm2 = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) })).body;
    expect([onForm2.formVersion, onForm2.workflowVersion]).toEqual([2, 3]);
  });

  it('refuses a form version its serving workflow does not fit', async () => {
    const form = (await admin.json('GET', '/api/forms/home-assessment')).body;
    for (const section of form.sections) section.fields = section.fields.filter((f: Json) => f.key !== 'districtGrade');
    const res = await admin.json('POST', '/api/forms/home-assessment/versions', { declaration: form });
    expect([res.status, JSON.stringify(res.body.error)]).toEqual([422, expect.stringContaining('districtGrade')]);
  });

  it('lets only the admin publish, and knows only declared workflows', async () => {
    expect((await acme.json('POST', '/api/workflows/home-assessment/versions', { declaration: v1 })).status).toBe(403);
    expect((await publish(v1, 'no-such-workflow')).status).toBe(404);
    expect((await acme.json('GET', '/api/workflows/home-assessment/versions/9')).status).toBe(404);
  });
});
