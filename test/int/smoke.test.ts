import { describe, expect, it, beforeAll } from 'vitest';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

describe('registration through the API on DynamoDB Local', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupEnv();
  });

  it('answers /health with ok once the database answers', async () => {
    const res = await env.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('shows a person who opens the address a bilingual home page that links the member pages', async () => {
    const res = await env.app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('会员评家问卷');
    expect(page).toContain('href="/m/evaluate"');
  });

  it('puts a submitted registration in the street reviewer inbox', async () => {
    const submitter = await signIn(env.app, 'acme.submitter');
    const reviewer = await signIn(env.app, 'dinghailu.reviewer');
    const sub = await submittedRegistration(submitter);
    const inbox = await reviewer.json('GET', '/api/inbox');
    expect(inbox.body.items.map((i: { submissionId: string }) => i.submissionId)).toContain(sub.id);
  });
});
