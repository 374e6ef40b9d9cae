import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, validRegistration, type Client, type TestEnv } from './support.js';

const FORM = 'union-registration';

type Issue = { path: string; message: string };
const pathsOf = (body: { error: { issues?: Issue[] } }) => (body.error.issues ?? []).map((i) => i.path);

describe('drafts through the API', () => {
  let env: TestEnv;
  let submitter: Client;
  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
  });

  async function newDraft(data: Record<string, unknown> = { name: '草稿工会' }) {
    const res = await submitter.json('POST', '/api/submissions', { formId: FORM, data });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('creates a draft of the caller’s union from partial data', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: FORM, data: { name: '半成品工会', employees: 12 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      formId: FORM,
      formVersion: 1,
      orgId: 'acme',
      step: 'fill',
      status: 'draft',
      version: 1,
      data: { name: '半成品工会', employees: 12 },
    });
    expect(res.body.id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('creates a draft holding only the union’s own street when no data is sent', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: FORM });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ street: 'dinghailu' });
  });

  it('keeps the created draft readable at the same version', async () => {
    const draft = await newDraft({ address: '上海市杨浦区控江路 1 号' });
    const read = await submitter.json('GET', `/api/submissions/${draft.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(draft);
  });

  it('rejects wrongly typed values with 422 naming each field', async () => {
    const res = await submitter.json('POST', '/api/submissions', {
      formId: FORM,
      data: { employees: 'many', kind: 'cooperative', largeEnterprise: 'yes', foundingMeetingDate: '2025-02-30' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(pathsOf(res.body).sort()).toEqual(['employees', 'foundingMeetingDate', 'kind', 'largeEnterprise']);
  });

  it('rejects a wrongly typed value inside a group row with the row’s path', async () => {
    const res = await submitter.json('POST', '/api/submissions', {
      formId: FORM,
      data: { coveredEnterprises: [{ name: '甲', employees: 3 }, { name: '乙', employees: 'three' }] },
    });
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(['coveredEnterprises.1.employees']);
  });

  it('rejects unknown keys in the data with 422 naming them', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: FORM, data: { name: '某工会', nickname: '小工会' } });
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(['nickname']);
  });

  it('rejects unknown keys inside a group row with their full path', async () => {
    const res = await submitter.json('POST', '/api/submissions', {
      formId: FORM,
      data: { coveredEnterprises: [{ name: '甲', employees: 3, owner: '某人' }] },
    });
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(['coveredEnterprises.0.owner']);
  });

  it('rejects data that is not an object with 422', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: FORM, data: ['name', '某工会'] });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('saves partial data over a draft and bumps its version', async () => {
    const draft = await newDraft();
    const saved = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '改名工会', industry: '制造业' }, version: draft.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(draft.version + 1);
    expect(saved.body.data).toEqual({ name: '改名工会', industry: '制造业' });
  });

  it('refuses a save with a stale version with 409 version_conflict', async () => {
    const draft = await newDraft();
    const first = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '第一次' }, version: draft.version });
    expect(first.status).toBe(200);
    const stale = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { name: '第二次' }, version: draft.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const read = await submitter.json('GET', `/api/submissions/${draft.id}`);
    expect(read.body.data).toEqual({ name: '第一次' });
    expect(read.body.version).toBe(first.body.version);
  });

  it('refuses a save with wrongly typed data and leaves the draft as it was', async () => {
    const draft = await newDraft({ name: '原样' });
    const res = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, { data: { committeeSize: 3.5 }, version: draft.version });
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(['committeeSize']);
    const read = await submitter.json('GET', `/api/submissions/${draft.id}`);
    expect(read.body).toEqual(draft);
  });

  it('ignores computed values a client sends with a new draft', async () => {
    const res = await submitter.json('POST', '/api/submissions', {
      formId: FORM,
      data: { employees: 200, intendedMembers: 150, membershipRate: 999, isFederation: 'yes', womenCommitteeRequired: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ employees: 200, intendedMembers: 150, street: 'dinghailu' });
    expect(res.body.computed).toMatchObject({ membershipRate: 75, isFederation: null, womenCommitteeRequired: null });
  });

  it('ignores computed values a client sends when saving a draft', async () => {
    const draft = await newDraft();
    const res = await submitter.json('PUT', `/api/submissions/${draft.id}/data`, {
      data: { kind: 'enterprise', coveredEmployeesTotal: 12345, membershipRate: -1 },
      version: draft.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ kind: 'enterprise' });
    expect(res.body.computed).toMatchObject({ isFederation: false, coveredEmployeesTotal: null, membershipRate: null });
  });

  it('refuses to submit an incomplete draft with one 422 issue per failing field', async () => {
    const { address: _address, plan: _plan, ...rest } = validRegistration();
    const draft = await newDraft({ ...rest, leaderMobile: '12345' });
    const res = await submitter.json('POST', `/api/submissions/${draft.id}/actions`, { action: 'submit', version: draft.version });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = pathsOf(res.body);
    expect([...paths].sort()).toEqual(['address', 'leaderMobile', 'plan']);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('leaves a draft whose submit failed in the fill step at the same version', async () => {
    const draft = await newDraft({ name: '未填完' });
    const res = await submitter.json('POST', `/api/submissions/${draft.id}/actions`, { action: 'submit', version: draft.version });
    expect(res.status).toBe(422);
    const read = await submitter.json('GET', `/api/submissions/${draft.id}`);
    expect(read.body).toMatchObject({ step: 'fill', status: 'draft', version: draft.version });
  });

  it('submits a complete draft into street review', async () => {
    const draft = await newDraft(validRegistration());
    const res = await submitter.json('POST', `/api/submissions/${draft.id}/actions`, { action: 'submit', version: draft.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review', version: draft.version + 1 });
  });

  it('forbids a reviewer to create a submission with 403', async () => {
    const reviewer = await signIn(env.app, 'dinghailu.reviewer');
    const res = await reviewer.json('POST', '/api/submissions', { formId: FORM, data: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('answers an unknown formId with 422 naming formId', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'no-such-form', data: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(pathsOf(res.body)).toEqual(['formId']);
  });

  it('answers a formId naming an Object.prototype member as unknown', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'constructor' });
    expect(res.status).toBe(422);
    expect(pathsOf(res.body)).toEqual(['formId']);
  });
});
