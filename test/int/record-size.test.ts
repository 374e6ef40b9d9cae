/**
 * DynamoDB refuses items over 400 KB. A record that grows past that within the 1 MB body
 * limit (an auditor's long findings) is answered 413, and nothing is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, formExample, setupEnv, signIn, type Client, type TestEnv } from './support.js';

describe('a record too large for one item', () => {
  let env: TestEnv;
  let auditor: Client;
  let sub: { id: string; version: number; data: Record<string, unknown> };

  beforeAll(async () => {
    env = await setupEnv();
    const union = await signIn(env.app, 'acme.submitter');
    auditor = await signIn(env.app, 'acme.auditor');
    const created = await union.json('POST', '/api/submissions', { formId: 'audit-submission', data: formExample('audit-submission') });
    sub = (await act(union, created.body, 'submit')).body;
  });

  /** The form's most: 100 findings of 2,000 Chinese characters, about 600 KB: under the body limit, over an item. */
  const longFindings = () =>
    Array.from({ length: 100 }, (_, i) => ({
      id: `F${i + 1}`,
      category: 'spending',
      description: `说明${i}：`.padEnd(2_000, '审'),
      severity: 'general',
      deadline: '2027-03-31',
    }));

  it('answers 413 payload_too_large when the findings make the record too large to store', async () => {
    const res = await act(auditor, sub, 'raise-findings', { data: { ...sub.data, findings: longFindings() } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('leaves the submission and its history as they were', async () => {
    const after = await auditor.json('GET', `/api/submissions/${sub.id}`);
    expect(after.body).toMatchObject({ version: sub.version, step: 'audit-review' });
    const history = await auditor.json('GET', `/api/submissions/${sub.id}/history`);
    expect(history.body.events).toHaveLength(2);
  });
});
