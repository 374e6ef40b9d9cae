/**
 * The API Lambda as API Gateway's HTTP API calls it: recorded payload-format-2.0 events
 * (test/fixtures/apigw-v2-*.json) fed to the exported `handler`, over a test table on
 * DynamoDB Local. The handler reads TABLE_NAME, DYNAMODB_ENDPOINT and UNIONFLOW_PUBLIC_URL when
 * its module loads, so all three are set before the dynamic import.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../functions/http/routes/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, type TestEnv } from './support.js';

type Result = { statusCode: number; body: string; headers: Record<string, string>; cookies?: string[]; isBase64Encoded: boolean };
type Handler = (event: APIGatewayProxyEventV2) => Promise<Result>;

function fixture(name: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../fixtures/apigw-v2-${name}.json`, import.meta.url), 'utf8')) as APIGatewayProxyEventV2;
}

const saved = { TABLE_NAME: process.env.TABLE_NAME, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, UNIONFLOW_PUBLIC_URL: process.env.UNIONFLOW_PUBLIC_URL };
let env: TestEnv;
let handler: Handler;

beforeAll(async () => {
  env = await setupEnv();
  process.env.TABLE_NAME = env.db.table;
  process.env.DYNAMODB_ENDPOINT = env.endpoint;
  process.env.UNIONFLOW_PUBLIC_URL = 'https://k3x9v2q7ab.execute-api.ap-east-1.amazonaws.com';
  const module = await import('../../functions/handlers/api.js');
  handler = module.handler as unknown as Handler;
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Sign in through the Lambda with the recorded sign-in event. */
async function signInEvent(): Promise<Result> {
  return handler(fixture('session'));
}

function meWith(change: (event: APIGatewayProxyEventV2) => void): APIGatewayProxyEventV2 {
  const event = fixture('me');
  change(event);
  return event;
}

describe('the API Lambda behind an HTTP API (payload format 2.0)', () => {
  it('answers GET /health with 200 {"ok":true} as JSON', async () => {
    const res = await handler(fixture('health'));
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(false);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it('signs a demo account in: 200 with a token and the signed-in user', async () => {
    const res = await signInEvent();
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
    expect(body.user).toMatchObject({ id: 'acme.submitter', orgId: 'acme', roles: ['submitter'] });
  });

  it('returns the session cookie in the 2.0 `cookies` list: HttpOnly, SameSite=Lax, Secure on the API domain', async () => {
    const res = await signInEvent();
    const { token } = JSON.parse(res.body);
    const cookies = res.cookies ?? [];
    const session = cookies.find((c) => c.startsWith('uf_session='));
    expect(session).toBeDefined();
    expect(session).toContain(`uf_session=${token}`);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Secure/i);
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain('set-cookie');
  });

  it('answers an authenticated GET /api/me (bearer token) with the signed-in user', async () => {
    const { token } = JSON.parse((await signInEvent()).body);
    const res = await handler(meWith((e) => (e.headers.authorization = `Bearer ${token}`)));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: 'acme.submitter', orgId: 'acme', roles: ['submitter'] });
  });

  it('answers GET /api/me with the session cookie that API Gateway passes in `cookies`', async () => {
    const signedIn = await signInEvent();
    const cookie = (signedIn.cookies ?? []).find((c) => c.startsWith('uf_session='))!.split(';')[0]!;
    const res = await handler(
      meWith((e) => {
        delete e.headers.authorization;
        e.cookies = ['theme=dark', cookie];
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: 'acme.submitter' });
  });

  it('answers GET /api/me without credentials with 401 unauthenticated in the error envelope', async () => {
    const res = await handler(meWith((e) => delete e.headers.authorization));
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('reads a base64-encoded body (isBase64Encoded) the same as a plain one', async () => {
    const event = fixture('session');
    event.body = Buffer.from(JSON.stringify({ username: 'beta.submitter', password: DEFAULT_DEMO_PASSWORD })).toString('base64');
    event.isBase64Encoded = true;
    const res = await handler(event);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).user.id).toBe('beta.submitter');
  });

  it('counts sign-in attempts by the event’s sourceIp, not by X-Forwarded-For', async () => {
    const from = (sourceIp: string, username: string, password: string, forwardedFor: string) => {
      const event = fixture('session');
      event.requestContext.http.sourceIp = sourceIp;
      event.headers['x-forwarded-for'] = forwardedFor;
      event.body = JSON.stringify({ username, password });
      return handler(event);
    };
    const guesser = '192.0.2.200';
    for (let i = 0; i < SIGN_IN_LIMITS.address.attempts; i += 10) {
      const batch = Array.from({ length: Math.min(10, SIGN_IN_LIMITS.address.attempts - i) }, (_, j) =>
        from(guesser, `guess.${i + j}`, 'not-the-password', `203.0.113.${i + j}`),
      );
      expect((await Promise.all(batch)).map((r) => r.statusCode).every((s) => s === 401)).toBe(true);
    }
    const refused = await from(guesser, 'beta.submitter', DEFAULT_DEMO_PASSWORD, '203.0.113.250');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('192.0.2.201', 'beta.submitter', DEFAULT_DEMO_PASSWORD, guesser)).statusCode).toBe(200);
  });
});
