/**
 * The public address comes from configuration (UNIONFLOW_PUBLIC_URL, passed to the app as
 * `publicUrl`), never from the request's Host: the printed code sheets point members at it,
 * and the session cookie is Secure exactly when it is https.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app.js';
import { parsePublicUrl, publicUrlFromEnv } from '../../functions/http/public-url.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

const PUBLIC = 'https://unionflow.yangpu.example.cn';

describe('the printed code sheet', () => {
  let env: TestEnv;
  let acme: Client;
  let assessmentId: string;
  beforeAll(async () => {
    env = await setupEnv({ publicUrl: PUBLIC });
    acme = await signIn(env.app, 'acme.submitter');
    assessmentId = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} })).body.id;
  });

  const sheet = async (accept: string, host: string) => {
    const res = await acme.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 2 }, { accept, host });
    expect(res.status).toBe(201);
    return res.text();
  };

  it.each(['text/html', 'text/csv'])('as %s points members at the configured address, whatever the Host', async (accept) => {
    const text = await sheet(accept, 'evil.example');
    expect(text).toContain(`${PUBLIC}/m/evaluate`);
    expect(text).not.toContain('evil.example');
  });
});

describe('the session cookie’s Secure flag', () => {
  const cookieFor = async (env: TestEnv, host: string) => {
    const res = await env.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host },
      body: JSON.stringify({ username: 'acme.submitter', password: DEFAULT_DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie') ?? '';
  };

  it('is set for an https public address, even when the Host says localhost', async () => {
    const env = await setupEnv({ publicUrl: PUBLIC });
    expect(await cookieFor(env, 'localhost:3000')).toMatch(/;\s*Secure/i);
  });

  it('is not set for an http public address, even when the Host is a public name', async () => {
    const env = await setupEnv({ publicUrl: 'http://localhost:3000' });
    expect(await cookieFor(env, 'unionflow.yangpu.example.cn')).not.toMatch(/Secure/i);
  });
});

describe('UNIONFLOW_PUBLIC_URL', () => {
  it.each([
    ['https://unionflow.yangpu.example.cn', 'https://unionflow.yangpu.example.cn'],
    ['https://unionflow.yangpu.example.cn/', 'https://unionflow.yangpu.example.cn'],
    ['HTTPS://Unionflow.Example.CN:8443', 'https://unionflow.example.cn:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('takes %s as the origin %s', (value, origin) => {
    expect(parsePublicUrl(value)).toBe(origin);
  });

  it.each(['unionflow.example.cn', 'ftp://unionflow.example.cn', 'https://unionflow.example.cn/app', 'https://unionflow.example.cn/?x=1', 'https://u:p@unionflow.example.cn', 'https://unionflow.example.cn/#top'])(
    'refuses %s',
    (value) => {
      expect(() => parsePublicUrl(value)).toThrow(/UNIONFLOW_PUBLIC_URL/);
    },
  );

  it('is required when there is no local address to fall back to (the Lambda)', () => {
    expect(() => publicUrlFromEnv({})).toThrow(/UNIONFLOW_PUBLIC_URL is not set/);
  });

  it('falls back to the local address only where one is given (npm start)', () => {
    expect(publicUrlFromEnv({}, 'http://localhost:3000')).toBe('http://localhost:3000');
    expect(publicUrlFromEnv({ UNIONFLOW_PUBLIC_URL: PUBLIC }, 'http://localhost:3000')).toBe(PUBLIC);
  });

  it('stops the app from starting when malformed', async () => {
    const env = await setupEnv();
    expect(() => createApp({ ...env.deps, publicUrl: 'evil.example' })).toThrow(/UNIONFLOW_PUBLIC_URL/);
  });
});
