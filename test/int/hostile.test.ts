import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

const jsonOf = (res: Response): Promise<any> => res.json();

/** API.md's error table: every error answer carries one of these codes, with its status. */
const API_CODES: Record<string, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  action_not_allowed: 409,
  payload_too_large: 413,
  validation_failed: 422,
  too_many_requests: 429,
  unavailable: 503,
};

const RUNS = { numRuns: 100 };

/** No 5xx; an error is exactly `{error: {code, message, issues?}}` with a code from the table. */
async function expectWellFormed(res: Response, context: string): Promise<unknown> {
  const text = await res.text();
  expect(res.status, `${context} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status < 400) return text ? JSON.parse(text) : undefined;
  const body = JSON.parse(text);
  expect(Object.keys(body), context).toEqual(['error']);
  const { code, message, issues, ...rest } = body.error;
  expect(rest, context).toEqual({});
  expect(API_CODES[code], `${context}: code ${code}`).toBe(res.status);
  expect(typeof message === 'string' && message.length > 0, context).toBe(true);
  if (issues !== undefined) {
    expect(Array.isArray(issues), context).toBe(true);
    for (const issue of issues) {
      expect(Object.keys(issue).sort(), context).toEqual(['message', 'path']);
      expect(typeof issue.path === 'string' && typeof issue.message === 'string', context).toBe(true);
    }
  }
  return body;
}

// ---- hostile JSON, as text, so that keys like __proto__ reach the server as they are ----

const hugeNumber = fc.constantFrom('1e400', '-1e400', '1e-400', '123456789012345678901234567890', '9007199254740993', '-0', '0.5', '1E2');
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `"a\\u${c.toString(16)}b"`);
const unicodeString = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s));
const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('array', 'object', 'proto'))
  .map(([n, kind]) =>
    kind === 'array' ? '['.repeat(n) + ']'.repeat(n) : kind === 'object' ? '{"a":'.repeat(n) + '1' + '}'.repeat(n) : '{"__proto__":'.repeat(n) + '{}' + '}'.repeat(n),
  );
const scalarOrJson = fc.oneof(fc.json({ maxDepth: 4, stringUnit: 'binary' }), hugeNumber, loneSurrogate, unicodeString, deepNesting);
const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__');
const protoObject = fc
  .array(fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 10 })), scalarOrJson), { minLength: 1, maxLength: 4 })
  .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
const fragment = fc.oneof(scalarOrJson, protoObject);

/** Invalid or odd text: not JSON, truncated JSON, control characters, a JSON body with trailing junk. */
const brokenText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
  fc.json().map((j) => `${j},`),
  fc.constantFrom('', ' ', '{', '}', '{"a":1}{"b":2}', "{'formId':'x'}", '{"a":undefined}', '{"a":NaN}', '\u0000', '\ufeff{}', 'null'),
);

/** A JSON object of some of an endpoint's own fields with hostile values, sometimes plus an unknown one. */
function bodyOf(fields: Record<string, fc.Arbitrary<string>>) {
  const own = Object.entries(fields).map(([key, value]) => fc.option(value.map((v) => `${JSON.stringify(key)}:${v}`), { nil: undefined }));
  const extra = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    { arbitrary: fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 8 })), fragment).map(([k, v]) => `${JSON.stringify(k)}:${v}`), weight: 1 },
  );
  return fc.tuple(fc.tuple(...own), extra).map(([parts, more]) => `{${[...parts, more].filter((p) => p !== undefined).join(',')}}`);
}

const stringish = (...known: string[]) =>
  fc.oneof(fragment, fc.constantFrom(...known.map((k) => JSON.stringify(k))), fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((s) => JSON.stringify(s)));
const versionish = fc.oneof(fragment, fc.integer({ min: -3, max: 5 }).map(String), fc.constantFrom('1.0', '1.5', '"1"', 'true', '[1]'));
const hostileBody = (fields: Record<string, fc.Arbitrary<string>>) =>
  fc.oneof({ arbitrary: bodyOf(fields), weight: 4 }, { arbitrary: fragment, weight: 1 }, { arbitrary: brokenText, weight: 1 });

const ACTIONS = ['submit', 'approve', 'return', 'reject', 'withdraw', 'transfer', 'comment', 'remind', 'raise-findings', '__proto__', 'constructor'];

function parsed(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

describe('hostile input', () => {
  let env: TestEnv;
  let submitter: Client;
  let target: { id: string; version: number };
  let before: unknown;
  let historyBefore: unknown;
  const form = getForm('union-registration')!;

  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: { name: '靶子工会', employees: 30 } });
    expect(created.status).toBe(201);
    target = created.body;
    before = created.body;
    historyBefore = (await submitter.json('GET', `/api/submissions/${target.id}/history`)).body;
  });

  /** A request the API would rightly accept and apply to the target is not hostile: leave it out. */
  function wouldChangeTarget(text: string, kind: 'data' | 'action'): boolean {
    const body = parsed(text);
    if (!body || body.version !== target.version) return false;
    if (kind === 'data') return form.validateDraft(body.data).ok;
    if (typeof body.action !== 'string') return false;
    if (body.action === 'submit') return body.data !== undefined && form.validateSubmit(body.data, shanghaiDate(new Date())).ok;
    return ACTIONS.includes(body.action);
  }

  it('answers any body to POST /api/submissions with no 5xx and a well-formed error', async () => {
    const body = hostileBody({ formId: stringish('union-registration', 'constructor', '__proto__'), data: fragment });
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectWellFormed(await submitter.request('POST', '/api/submissions', text), `POST /api/submissions ${text.slice(0, 200)}`);
      }),
      RUNS,
    );
  });

  it('answers any body to PUT /api/submissions/{id}/data with no 5xx and a well-formed error', async () => {
    const body = hostileBody({ data: fragment, version: versionish }).filter((t) => !wouldChangeTarget(t, 'data'));
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await submitter.request('PUT', `/api/submissions/${target.id}/data`, text);
        await expectWellFormed(res, `PUT data ${text.slice(0, 200)}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      RUNS,
    );
  });

  it('answers any body to POST /api/submissions/{id}/actions with no 5xx and a well-formed error', async () => {
    const body = hostileBody({
      action: stringish(...ACTIONS),
      version: versionish,
      comment: stringish('同意', ''),
      data: fragment,
      to: stringish('acme.committee', 'dinghailu.reviewer', '__proto__'),
    }).filter((t) => !wouldChangeTarget(t, 'action'));
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await submitter.request('POST', `/api/submissions/${target.id}/actions`, text);
        await expectWellFormed(res, `POST actions ${text.slice(0, 200)}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      RUNS,
    );
  });

  it('answers any body to POST /api/session with no 5xx and a well-formed error', async () => {
    const body = hostileBody({ username: stringish('admin', 'acme.submitter', '__proto__', 'ADMIN '), password: stringish('wrong', '') });
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
        await expectWellFormed(res, `POST /api/session ${text.slice(0, 200)}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      RUNS,
    );
  });

  it('answers any query string on GET /api/submissions with no 5xx and a well-formed error', async () => {
    const key = fc.oneof(
      { arbitrary: fc.constantFrom('formId', 'status', 'orgId', 'from', 'to', 'limit', 'cursor'), weight: 8 },
      { arbitrary: fc.constantFrom('__proto__', 'constructor'), weight: 1 },
      { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
    );
    const dateLike = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const cursorLike = fc.json({ maxDepth: 2 }).map((j) => Buffer.from(j, 'utf8').toString('base64url'));
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      dateLike,
      cursorLike,
      fc.integer().map(String),
      fc.constantFrom('draft', 'in_review', 'acme', 'yangpu', 'union-registration', '1e3', 'NaN', '%', '%E0%A4%A', '%00'),
    );
    const pair = fc.oneof(
      { arbitrary: fc.tuple(key, value), weight: 4 },
      { arbitrary: fc.tuple(fc.constantFrom('from', 'to'), dateLike), weight: 2 },
      { arbitrary: fc.tuple(fc.constant('limit'), fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.double().map(String))), weight: 1 },
    );
    const encode = (s: string) => (/^%/.test(s) ? s : encodeURIComponent(s));
    const query = fc.oneof(
      { arbitrary: fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')), weight: 4 },
      { arbitrary: fc.string({ unit: fc.constantFrom('a', '=', '&', '%', '2', 'F', '+', ';', '[', ']', 'f', 'r', 'o', 'm'), maxLength: 30 }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        await expectWellFormed(await submitter.request('GET', `/api/submissions?${q}`), `GET /api/submissions?${q}`);
      }),
      RUNS,
    );
  });

  it('answers any path segment as a submission id with no 5xx and a well-formed error', async () => {
    const segment = fc.oneof(
      fc.webSegment(),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
      fc.stringMatching(/^[0-9A-Z]{26}$/),
      fc.constantFrom('%', '%E0%A4%A', '%00', '..', '.', '__proto__', 'constructor', '%2F', '%2e%2e', 'x'.repeat(2000), ' '),
    );
    const call = fc.constantFrom(
      ['GET', ''],
      ['GET', '/history'],
      ['GET', '/verify'],
      ['PUT', '/data'],
      ['POST', '/actions'],
    ) as fc.Arbitrary<[string, string]>;
    const body = fc.constantFrom('{"data":{},"version":1}', '{"action":"withdraw","version":1}', '{}');
    await fc.assert(
      fc.asyncProperty(segment, call, body, async (seg, [method, suffix], text) => {
        const res = await submitter.request(method, `/api/submissions/${seg}${suffix}`, method === 'GET' ? undefined : text);
        await expectWellFormed(res, `${method} /api/submissions/${seg}${suffix}`);
      }),
      RUNS,
    );
  });

  it('leaves the target submission unchanged after the storm, with an intact chain', async () => {
    const now = await submitter.json('GET', `/api/submissions/${target.id}`);
    expect(now.status).toBe(200);
    expect(now.body).toEqual(before);
    expect((await submitter.json('GET', `/api/submissions/${target.id}/history`)).body).toEqual(historyBefore);
    const verify = await submitter.json('GET', `/api/submissions/${target.id}/verify`);
    expect(verify.body).toMatchObject({ ok: true, events: 1, integrity: { ok: true }, completeness: { ok: true } });
  });
});

describe('request limits and error envelopes', () => {
  let env: TestEnv;
  let submitter: Client;
  let draftId: string;
  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    draftId = (await submitter.json('POST', '/api/submissions', { formId: 'union-registration' })).body.id;
  });

  const overOneMb = JSON.stringify({ formId: 'union-registration', data: { plan: '方'.repeat(400_000) } });

  it.each([
    ['POST', '/api/submissions'],
    ['PUT', '/api/submissions/{id}/data'],
    ['POST', '/api/session'],
  ])('answers a body over 1 MB to %s %s with 413 payload_too_large', async (method, path) => {
    expect(Buffer.byteLength(overOneMb)).toBeGreaterThan(1024 * 1024);
    const res = await submitter.request(method, path.replace('{id}', draftId), overOneMb);
    expect(res.status).toBe(413);
    expect((await jsonOf(res)).error.code).toBe('payload_too_large');
  });

  it('answers unknown top-level fields with 400 bad_request', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: {}, priority: 'high' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toContain('priority');
  });

  it('refuses a lone UTF-16 surrogate in draft data with 400 before it reaches the database', async () => {
    const res = await submitter.json('POST', '/api/submissions', '{"formId":"union-registration","data":{"name":"\\ud800"}}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('answers a listing whose from is after its to with 422 naming to', async () => {
    const res = await submitter.json('GET', '/api/submissions?from=2026-03-01&to=2026-02-01');
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['to']);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await submitter.json('POST', '/api/submissions', '{"formId": "union-registration",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('answers wrongly typed top-level fields with 422 naming each path', async () => {
    const res = await submitter.json('PUT', `/api/submissions/${draftId}/data`, { data: {}, version: '1' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['version']);
  });

  it('names every wrongly typed field of an action body', async () => {
    const res = await submitter.json('POST', `/api/submissions/${draftId}/actions`, { action: 7, version: 1, comment: ['x'] });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['action', 'comment']);
  });

  it('describes a value of the wrong type as a type error, not as a missing value', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 5 }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    const issue = res.body.error.issues.find((i: { path: string }) => i.path === 'formId');
    expect(issue.message).not.toBe('Required');
  });

  const CJK = /[\u4e00-\u9fff]/;

  it('answers in English for Accept-Language: en', async () => {
    const res = await env.app.request('/api/me', { headers: { 'accept-language': 'en' } });
    const { error } = await jsonOf(res);
    expect(error.message).toBe('Please sign in');
  });

  it('gives English issue messages for Accept-Language: en-GB,en;q=0.9', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: { employees: 'x' } }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.body.error.message).not.toMatch(CJK);
    expect(res.body.error.issues[0].message).not.toMatch(CJK);
  });

  it('answers in Chinese without Accept-Language', async () => {
    const res = await env.app.request('/api/me');
    const { error } = await jsonOf(res);
    expect(error.message).toMatch(CJK);
  });

  it('answers in Chinese for Accept-Language: zh-CN', async () => {
    const res = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: { employees: 'x' } }, { 'accept-language': 'zh-CN' });
    expect(res.body.error.message).toMatch(CJK);
    expect(res.body.error.issues[0].message).toMatch(CJK);
  });

  it('prefers Chinese when it ranks above English', async () => {
    const res = await env.app.request('/api/me', { headers: { 'accept-language': 'en;q=0.5, zh-CN;q=0.9' } });
    expect((await jsonOf(res)).error.message).toMatch(CJK);
  });

  it.each([
    ['GET', '/api/no-such-thing'],
    ['GET', '/no-such-page'],
    ['POST', '/api/submissions/01ARZ3NDEKTSV4RRFFQ69G5FAV/nothing'],
    ['DELETE', '/api/submissions'],
  ])('answers the unknown route %s %s with a 404 envelope', async (method, path) => {
    const res = await submitter.request(method, path);
    expect(res.status).toBe(404);
    expect(await jsonOf(res)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it.each([
    ['GET', '/api/me'],
    ['GET', '/api/forms'],
    ['GET', '/api/submissions'],
    ['POST', '/api/submissions'],
    ['GET', '/api/inbox'],
    ['DELETE', '/api/session'],
  ])('answers %s %s without Authorization with 401', async (method, path) => {
    const res = await env.app.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe('unauthenticated');
  });

  it.each(['Bearer', 'Bearer short', `Basic ${Buffer.from('admin:unionflow-demo').toString('base64')}`, `Bearer ${'x'.repeat(43)}!`])(
    'answers the malformed Authorization header %j with 401',
    async (authorization) => {
      const res = await env.app.request('/api/me', { headers: { authorization } });
      expect(res.status).toBe(401);
    },
  );
});
