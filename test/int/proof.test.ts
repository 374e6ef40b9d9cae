/**
 * The public proof of a printed record: `/proof/{headHash}` without a session, answering only
 * whether the hash is in a signed checkpoint and since when; the print page carrying the head
 * hash and a QR code for that address; the record page showing integrity and completeness apart.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { runCheckpoint } from '../../functions/records/checkpoints-job.js';
import { CheckpointLog, folderSink } from '../../functions/records/checkpoints-log.js';
import { hmacSigner } from '../../functions/records/checkpoints.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

const PUBLIC = 'https://records.example.org';
let env: TestEnv;
let signed: { id: string; hash: string; orgName: string };
let unsigned: { id: string; hash: string };

const proof = (hash: string, accept = 'application/json') => env.app.request(`/proof/${hash}`, { headers: { accept } });

async function cookieFor(username: string): Promise<string> {
  const res = await env.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  return res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'uf-proof-'));
  env = await setupEnv({ publicUrl: PUBLIC, checkpoints: new CheckpointLog(folderSink(dir), hmacSigner('proof-test-key-0123456789abcdef')) });
  const submitter = await signIn(env.app, 'acme.submitter');
  const a = await submittedRegistration(submitter);
  await runCheckpoint(env.deps);
  const b = await submittedRegistration(submitter);
  signed = { id: a.id, hash: a.lastHash, orgName: a.orgName };
  unsigned = { id: b.id, hash: b.lastHash };
});

describe('GET /proof/{headHash}', () => {
  it('says a checkpointed head hash is signed, since when, with no session', async () => {
    const res = await proof(signed.hash);
    expect([res.status, await res.json()]).toEqual([200, { headHash: signed.hash, signed: true, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), checkpoint: 1 }]);
  });

  it('says a head hash not yet checkpointed is not signed', async () => {
    expect(await (await proof(unsigned.hash)).json()).toEqual({ headHash: unsigned.hash, signed: false });
  });

  it('answers as a page for a browser, in both languages, revealing nothing of the record', async () => {
    const res = await proof(signed.hash, 'text/html');
    const text = await res.text();
    expect([res.status, res.headers.get('content-security-policy')]).toEqual([200, expect.stringContaining("script-src 'self'")]);
    expect(text).toMatch(/<div class="ok" id="proof-result">[\s\S]*已在签名的检查点中[\s\S]*is in a signed checkpoint/);
    expect([text.includes(signed.id), text.includes(signed.orgName)]).toEqual([false, false]);
  });

  it('answers a malformed hash with a 404, never a 500', async () => {
    for (const hash of ['abc', 'g'.repeat(64), `${'a'.repeat(64)}x`, '%00']) expect((await proof(hash)).status).toBe(404);
  });
});

describe('the print page', () => {
  it('carries the head hash and a QR code for its public proof address', async () => {
    const auditor = await signIn(env.app, 'district.auditor');
    const res = await auditor.request('GET', `/api/submissions/${signed.id}/print`);
    const text = await res.text();
    expect(text).toContain(`<p class="hash" id="proof-url">${PUBLIC}/proof/${signed.hash}</p>`);
    expect(text).toMatch(/<section class="proof-mark" id="proof-mark">[\s\S]*<svg role="img" aria-label="QR code"[\s\S]*<\/svg>/);
    // The print page's CSP admits its one hashed style element: the QR code may carry no style of its own.
    expect(/<svg[\s\S]*?<\/svg>/.exec(text)![0]).not.toMatch(/style=|<style/);
  });
});

describe('the record page', () => {
  it('shows integrity and completeness apart, and the checkpoint that covers the record', async () => {
    const res = await env.app.request(`/records/${signed.id}`, { headers: { cookie: await cookieFor('district.auditor') } });
    const text = await res.text();
    expect(text).toMatch(/<div class="ok" id="integrity-result">/);
    expect(text).toMatch(/<div class="ok" id="completeness-result">/);
    expect(text).toMatch(/<p id="checkpoint-result">[\s\S]*?签名检查点第 1 号/);
  });

  it('shows a removed last event as a completeness failure while integrity holds', async () => {
    await env.db.doc.send(new DeleteCommand({ TableName: env.db.table, Key: { pk: `SUB#${signed.id}`, sk: 'EV#00000002' } }));
    const res = await env.app.request(`/records/${signed.id}`, { headers: { cookie: await cookieFor('district.auditor') } });
    const text = await res.text();
    expect(text).toMatch(/<div class="ok" id="integrity-result">/);
    expect(text).toMatch(/<div class="bad" id="completeness-result">[\s\S]*?签名检查点所记的短/);
  });
});
