/**
 * Integration-test fixtures: a fresh table per test file on the shared DynamoDB Local, the
 * demo organisations and accounts, the real Hono app, and helpers like "sign in as
 * acme.submitter, then ...". Refuses to run without the emulator's endpoint.
 */
import { inject } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createApp, type App } from '../../functions/http/app.js';
import type { AppDeps } from '../../functions/http/env.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { createDb, type Db } from '../../functions/store/dynamo.js';
import { ensureTable } from '../../functions/store/local-dynamo.js';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../functions/seed.js';
import { getForm } from '../../forms/registry.js';
import { shanghaiDate } from '../../workflows/calendar.js';

export type TestEnv = { db: Db; app: App; deps: AppDeps; endpoint: string };

export function endpoint(): string {
  const url = inject('dynamoEndpoint');
  if (!url) throw new Error('integration tests need DynamoDB Local (started by test/int/global-setup.ts)');
  return url;
}

/** A new table with the demo data, and the app over it. Any of the app's deps may be replaced. */
export async function setupEnv(overrides: Partial<AppDeps> = {}): Promise<TestEnv> {
  const url = endpoint();
  const table = `t_${randomBytes(6).toString('hex')}`;
  await ensureTable(url, table);
  const db = createDb({ table, endpoint: url });
  await seedDemo(db);
  // app.request's own default origin, so links in answers read as they always have in tests.
  const deps: AppDeps = { db, now: () => new Date(), publicUrl: 'http://localhost', ...overrides };
  return { db, app: createApp(deps), deps, endpoint: url };
}

export type Client = {
  token: string;
  csrfToken: string;
  request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  json: <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: T }>;
};

/** Sign in as a demo account and get a client that sends its bearer token. */
export async function signIn(app: App, username: string, password = DEFAULT_DEMO_PASSWORD): Promise<Client> {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const { token, csrfToken } = (await res.json()) as { token: string; csrfToken: string };
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const json = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await request(method, path, body, headers);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { token, csrfToken, request, json };
}

/** A complete, valid union registration (the form's own example for today). */
export function validRegistration(now = new Date()): Record<string, unknown> {
  return getForm('union-registration')!.decl.example(shanghaiDate(now));
}

/**
 * A complete, valid union registration for `submitter`'s union: the example its form's schema
 * gives it, naming its own street (the form's own example names 定海路, acme's).
 */
export async function ownRegistration(submitter: Client): Promise<Record<string, unknown>> {
  const schema = await submitter.json('GET', '/api/forms/union-registration/schema');
  return schema.body.examples[0];
}

/** Create a draft as `submitter` and submit it; returns the submission after submit. */
export async function submittedRegistration(submitter: Client, given?: Record<string, unknown>) {
  const data = given ?? (await ownRegistration(submitter));
  const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const submitted = await submitter.json('POST', `/api/submissions/${created.body.id}/actions`, { action: 'submit', version: created.body.version });
  if (submitted.status !== 200) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
  return submitted.body;
}

// ---- Helpers for the process tests (process-*.test.ts) ----

/** A form's own complete, valid example for the Shanghai date of `now`. */
export function formExample(formId: string, now = new Date()): Record<string, unknown> {
  return getForm(formId)!.decl.example(shanghaiDate(now));
}

/** `POST /api/submissions/{id}/actions` at the submission's current version. */
export function act(client: Client, sub: { id: string; version: number }, action: string, extra: Record<string, unknown> = {}) {
  return client.json('POST', `/api/submissions/${sub.id}/actions`, { action, version: sub.version, ...extra });
}

/** The submission ids waiting in `client`'s inbox. */
export async function inboxIds(client: Client): Promise<string[]> {
  return (await client.json('GET', '/api/inbox')).body.items.map((i: { submissionId: string }) => i.submissionId);
}

/** A request without any account (a union member with a one-time code, or a member link). */
export async function anonymousJson<T = any>(app: App, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Every item in the test's table (or its anonymous table), page after page: for checks of
 * what is (not) stored.
 */
export async function scanTable(env: Pick<TestEnv, 'db'>, table: 'main' | 'anon' = 'main'): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const TableName = table === 'main' ? env.db.table : env.db.anonTable;
    const out = await env.db.doc.send(new ScanCommand({ TableName, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Sign in through the sign-in page, as a browser does: the session cookie it then sends. */
export async function pageCookie(app: App, username: string): Promise<string> {
  const res = await app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`page sign-in as ${username} failed: ${res.status}`);
  return line.split(';')[0];
}
