/**
 * An action is what its kind says, whatever its name: a workflow declaring
 * `'hand-over': { kind: 'transfer' }` hands the step over through the real app, the service
 * loading the named person because the engine says the action needs one. The registry is
 * replaced in this file by one whose union-registration declares that action.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { act, inboxIds, setupEnv, signIn, submittedRegistration, type Client } from './support.js';

vi.mock('../../workflows/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../workflows/registry.js')>();
  const registration: WorkflowDeclaration = structuredClone(real.workflowForForm('union-registration')!);
  registration.steps['district-review'].actions['hand-over'] = { kind: 'transfer', title: { zh: '移交', en: 'Hand over' } };
  const workflows = real.allWorkflows().map((w) => (w.formId === 'union-registration' ? registration : w));
  return {
    workflowForForm: (formId: string) => workflows.find((w) => w.formId === formId),
    allWorkflows: () => workflows,
  };
});

type Sub = { id: string; version: number; step: string; assignees: { key: string }[] };

describe('a declared hand-over of kind transfer', () => {
  let district: Client;
  let colleague: Client;
  let atDistrict: Sub;
  let handed: { status: number; body: any };

  beforeAll(async () => {
    const env = await setupEnv();
    const [union, street, admin] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'admin'].map((u) => signIn(env.app, u)));
    district = await signIn(env.app, 'district.reviewer');
    const created = await admin.json('POST', '/api/admin/users', {
      id: 'district.reviewer2',
      name: '区总组织部 钱审核',
      orgId: 'yangpu',
      roles: ['reviewer'],
      password: 'correct-horse-battery',
    });
    if (created.status !== 201) throw new Error(`account failed: ${JSON.stringify(created.body)}`);
    colleague = await signIn(env.app, 'district.reviewer2', 'correct-horse-battery');
    const submitted = await submittedRegistration(union);
    atDistrict = (await act(street, submitted, 'approve')).body;
    handed = await act(district, atDistrict, 'hand-over', { to: 'district.reviewer2', comment: '请钱审核办理' });
  });

  it('hands district-review to the named colleague', () => {
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ step: 'district-review', assignees: [{ key: 'user:district.reviewer2' }] });
  });

  it('moves it from the handing reviewer’s inbox to the colleague’s', async () => {
    expect([await inboxIds(district), await inboxIds(colleague)].map((ids) => ids.includes(atDistrict.id))).toEqual([false, true]);
  });

  it('records the hand-over under its own name, with the person it named', async () => {
    const { body } = await district.json('GET', `/api/submissions/${atDistrict.id}/history`);
    expect(body.events.at(-1)).toMatchObject({ action: 'hand-over', changes: { to: { id: 'district.reviewer2', name: '区总组织部 钱审核' } } });
  });

  it('refuses a hand-over to nobody, at to', async () => {
    const res = await act(colleague, handed.body, 'hand-over', { to: 'no.such.person' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['to']);
  });
});
