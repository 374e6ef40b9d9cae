/**
 * Form versions: an admin publishes a new version; drafts and submissions keep the version
 * they were started on; submit validates against the draft's version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, validRegistration, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

describe('form versions', () => {
  let env: TestEnv;
  let admin: Client;
  let submitter: Client;
  let v1: Json;
  let draftOnV1: Json;

  beforeAll(async () => {
    env = await setupEnv();
    admin = await signIn(env.app, 'admin');
    submitter = await signIn(env.app, 'acme.submitter');
    v1 = (await admin.json('GET', '/api/forms/union-registration')).body;
    draftOnV1 = (await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() })).body;
  });

  /** Version 1 with the plan made optional: what v2 changes, visibly. */
  function relaxedDeclaration(): Json {
    const decl = structuredClone(v1);
    for (const section of decl.sections) {
      for (const field of section.fields) if (field.key === 'plan') field.required = false;
    }
    decl.title = { zh: '建会申请（2027 版）', en: 'Union registration (2027)' };
    return decl;
  }

  it('lists the built-in version 1 before anything is published', async () => {
    const res = await submitter.json('GET', '/api/forms/union-registration/versions');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ version: 1, builtin: true })]);
  });

  it('refuses publishing to anyone but the admin', async () => {
    const res = await submitter.json('POST', '/api/forms/union-registration/versions', { declaration: relaxedDeclaration() });
    expect(res.status).toBe(403);
  });

  it('refuses a declaration that does not compile, naming the declaration', async () => {
    const broken = relaxedDeclaration();
    broken.sections[0].fields[0].type = 'hologram';
    const res = await admin.json('POST', '/api/forms/union-registration/versions', { declaration: broken });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('declaration');
  });

  it('refuses a version that drops a field its workflow still edits', async () => {
    const current = (await admin.json('GET', '/api/forms/home-assessment')).body;
    for (const section of current.sections) section.fields = section.fields.filter((f: Json) => f.key !== 'districtGrade');
    const res = await admin.json('POST', '/api/forms/home-assessment/versions', { declaration: current });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].message).toContain('districtGrade');
  });

  it('publishes version 2 as the next number and makes it current', async () => {
    const res = await admin.json('POST', '/api/forms/union-registration/versions', { declaration: relaxedDeclaration() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, replaces: 1, publishedBy: 'admin' });
    const current = await submitter.json('GET', '/api/forms/union-registration');
    expect(current.body).toMatchObject({ version: 2, title: { zh: '建会申请（2027 版）' } });
  });

  it('keeps a version readable by number after a newer one is published', async () => {
    const res = await submitter.json('GET', '/api/forms/union-registration/versions/1');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });

  it('starts new drafts on the new version', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'union-registration' });
    expect(res.body.formVersion).toBe(2);
  });

  it('validates a draft started on version 1 against version 1 at submit', async () => {
    const data = { ...validRegistration() };
    delete (data as Json).plan;
    const saved = await submitter.json('PUT', `/api/submissions/${draftOnV1.id}/data`, { data, version: draftOnV1.version });
    const submit = await submitter.json('POST', `/api/submissions/${draftOnV1.id}/actions`, { action: 'submit', version: saved.body.version });
    expect(submit.status).toBe(422);
    expect(submit.body.error.issues.map((i: Json) => i.path)).toContain('plan');
  });

  it('accepts on version 2 what version 1 required', async () => {
    const data = { ...validRegistration() };
    delete (data as Json).plan;
    const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data });
    const submit = await submitter.json('POST', `/api/submissions/${created.body.id}/actions`, { action: 'submit', version: created.body.version });
    expect(submit.status).toBe(200);
    expect(submit.body.formVersion).toBe(2);
  });

  it('lets exactly one of two simultaneous publications take the next number', async () => {
    const [a, b] = await Promise.all([
      admin.json('POST', '/api/forms/union-registration/versions', { declaration: relaxedDeclaration() }),
      admin.json('POST', '/api/forms/union-registration/versions', { declaration: relaxedDeclaration() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it('records each publication in the admin log', async () => {
    const log = await admin.json('GET', '/api/admin/log');
    const publications = log.body.items.filter((e: Json) => e.action === 'form.publish');
    expect(publications.map((e: Json) => e.after.version).sort()).toEqual([2, 3]);
  });
});
