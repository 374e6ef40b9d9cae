/**
 * Attachments end to end against DynamoDB Local, with the local file store in a temp folder:
 * declare → PUT the bytes to the target given → complete → download; every refusal on the
 * way (size, SHA-256, type, token), organisation scope, and `checkAttachmentRefs`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { LocalFileStore } from '../../functions/files/local.js';
import type { UploadTarget } from '../../functions/files/store.js';
import { checkAttachmentRefs } from '../../functions/store/attachments.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

const PDF = 'application/pdf';
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'unionflow-files-'));
/** The file store's clock, moved forward to expire upload tokens. */
let clock = Date.now();
const files = new LocalFileStore({ dir, secret: 'test-secret', now: () => new Date(clock) });

let env: TestEnv;
const clients: Record<string, Client> = {};
const USERS = ['acme.submitter', 'beta.submitter', 'acme.committee', 'dinghailu.reviewer', 'wujiaochang.reviewer', 'district.auditor'];

type Declared = { id: string; name: string; upload: UploadTarget; bytes: Buffer };
let acmeReady: Declared;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdfBytes = (size = 4096) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(Math.max(0, size - 9))]);

async function declare(who: string, bytes: Buffer, overrides: Record<string, unknown> = {}) {
  return clients[who].json('POST', '/api/attachments', { name: '会员名册.pdf', contentType: PDF, size: bytes.length, sha256: sha256(bytes), ...overrides });
}

/** Declare as `who` and return what the client needs to upload. */
async function declared(who: string, bytes: Buffer = pdfBytes(), overrides: Record<string, unknown> = {}): Promise<Declared> {
  const res = await declare(who, bytes, overrides);
  if (res.status !== 201) throw new Error(`declare failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, bytes };
}

/** PUT `body` to an upload target, as a client without a session would. */
function put(target: UploadTarget, body: Uint8Array, headers: Record<string, string> = {}, url = target.url) {
  return Promise.resolve(env.app.request(url, { method: target.method, headers: { ...target.headers, ...headers }, body }));
}

async function uploaded(who: string, bytes: Buffer = pdfBytes()): Promise<Declared> {
  const att = await declared(who, bytes);
  const res = await put(att.upload, bytes);
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const done = await clients[who].json('POST', `/api/attachments/${att.id}/complete`);
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
  return att;
}

/** The paths of a refusal's issues. */
const issuePathsOf = async (res: Response) => ((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

const status = async (id: string) => (await clients['acme.submitter'].json('GET', `/api/attachments/${id}`)).body.status;

beforeAll(async () => {
  env = await setupEnv({ files });
  for (const user of USERS) clients[user] = await signIn(env.app, user);
  acmeReady = await uploaded('acme.submitter');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the whole path', () => {
  it('serves back exactly the bytes uploaded, after declare, PUT and complete', async () => {
    const res = await clients['acme.submitter'].request('GET', `/api/attachments/${acmeReady.id}/content`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(acmeReady.bytes)).toBe(true);
  });

  it('serves the download as an attachment of the declared type, named with an RFC 5987 filename*', async () => {
    const res = await clients['acme.submitter'].request('GET', `/api/attachments/${acmeReady.id}/content`);
    expect(res.headers.get('content-type')).toBe(PDF);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('会员名册.pdf')}`,
    );
  });

  it('answers the metadata with status ready and the declared size and SHA-256', async () => {
    const res = await clients['acme.submitter'].json('GET', `/api/attachments/${acmeReady.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: acmeReady.id,
      orgId: 'acme',
      name: '会员名册.pdf',
      contentType: PDF,
      size: acmeReady.bytes.length,
      sha256: sha256(acmeReady.bytes),
      status: 'ready',
      uploadedBy: 'acme.submitter',
    });
    expect(res.body.orgPath).toBeUndefined();
  });

  it('gives a local upload target on the app itself, carrying the declared type', async () => {
    const att = await declared('acme.submitter');
    expect(att.upload).toEqual({
      method: 'PUT',
      url: expect.stringMatching(new RegExp(`^/api/attachments/${att.id}/content\\?t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`)),
      headers: { 'content-type': PDF },
    });
  });

  it('keeps a declared attachment pending, with nothing to download, until it is completed', async () => {
    const att = await declared('acme.submitter');
    expect(await status(att.id)).toBe('pending');
    expect((await clients['acme.submitter'].json('GET', `/api/attachments/${att.id}/content`)).status).toBe(404);
  });

  it('answers a repeated complete with the same ready attachment', async () => {
    const again = await clients['acme.submitter'].json('POST', `/api/attachments/${acmeReady.id}/complete`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('ready');
  });

  it('takes a file over the 1 MB JSON limit, up to the attachment limit', async () => {
    const big = await uploaded('acme.submitter', pdfBytes(3 * MB));
    const res = await clients['acme.submitter'].request('GET', `/api/attachments/${big.id}/content`);
    expect(Buffer.from(await res.arrayBuffer()).equals(big.bytes)).toBe(true);
  });

  it('still refuses a JSON body over 1 MB with 413', async () => {
    const res = await clients['acme.submitter'].json('POST', '/api/attachments', { name: 'x'.repeat(MB + 1) });
    expect(res.status).toBe(413);
  });
});

describe('an upload that is not the declared file', () => {
  it('refuses a body with another SHA-256 with a sha256 issue, and keeps nothing', async () => {
    const att = await declared('acme.submitter');
    const res = await put(att.upload, pdfBytes(att.bytes.length));
    expect(res.status).toBe(422);
    expect(await issuePathsOf(res)).toEqual(['sha256']);
    expect(readdirSync(join(dir, 'attachments')).filter((f) => f.startsWith(att.id))).toEqual([]);
  });

  it('refuses a shorter body with a size issue', async () => {
    const att = await declared('acme.submitter');
    const res = await put(att.upload, att.bytes.subarray(0, att.bytes.length - 1));
    expect(res.status).toBe(422);
    expect(await issuePathsOf(res)).toEqual(['size']);
  });

  it('refuses a longer body with a size issue', async () => {
    const att = await declared('acme.submitter');
    const res = await put(att.upload, Buffer.concat([att.bytes, Buffer.from('x')]));
    expect(res.status).toBe(422);
    expect(await issuePathsOf(res)).toEqual(['size']);
  });

  it('refuses a body sent as another content type', async () => {
    const att = await declared('acme.submitter');
    const res = await put(att.upload, att.bytes, { 'content-type': 'text/html' });
    expect(res.status).toBe(422);
    expect(await issuePathsOf(res)).toEqual(['contentType']);
  });

  it('refuses to complete after a refused upload, and leaves the attachment pending', async () => {
    const att = await declared('acme.submitter');
    await put(att.upload, pdfBytes(att.bytes.length));
    const done = await clients['acme.submitter'].json('POST', `/api/attachments/${att.id}/complete`);
    expect(done.status).toBe(422);
    expect(await status(att.id)).toBe('pending');
  });

  it('refuses to complete before anything was uploaded', async () => {
    const att = await declared('acme.submitter');
    const done = await clients['acme.submitter'].json('POST', `/api/attachments/${att.id}/complete`);
    expect(done.status).toBe(422);
    expect(done.body.error.code).toBe('validation_failed');
  });
});

describe('the upload token', () => {
  const tampered = (url: string) => {
    const [path, token] = url.split('?t=');
    const [payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, s: claims.s + 1 })).toString('base64url');
    return `${path}?t=${forged}.${mac}`;
  };

  it('refuses a token whose claims were changed with 403', async () => {
    const att = await declared('acme.submitter');
    const res = await put(att.upload, Buffer.concat([att.bytes, Buffer.from('x')]), {}, tampered(att.upload.url));
    expect(res.status).toBe(403);
  });

  it('refuses a token with a changed signature with 403', async () => {
    const att = await declared('acme.submitter');
    const url = att.upload.url.slice(0, -2) + (att.upload.url.endsWith('AA') ? 'BB' : 'AA');
    expect((await put(att.upload, att.bytes, {}, url)).status).toBe(403);
  });

  it("refuses one attachment's token on another attachment's URL with 403", async () => {
    const a = await declared('acme.submitter');
    const b = await declared('acme.submitter', a.bytes);
    const url = b.upload.url.split('?')[0] + '?' + a.upload.url.split('?')[1];
    expect((await put(a.upload, a.bytes, {}, url)).status).toBe(403);
  });

  it('refuses a PUT without a token with 403', async () => {
    const att = await declared('acme.submitter');
    expect((await put(att.upload, att.bytes, {}, att.upload.url.split('?')[0])).status).toBe(403);
  });

  it('refuses an expired token with 403', async () => {
    const att = await declared('acme.submitter');
    clock += 16 * 60 * 1000;
    try {
      expect((await put(att.upload, att.bytes)).status).toBe(403);
    } finally {
      clock -= 16 * 60 * 1000;
    }
  });
});

describe('declaring an attachment', () => {
  const issuePaths = (res: { body: { error: { issues: { path: string }[] } } }) => res.body.error.issues.map((i) => i.path);

  it('refuses a file over 20 MB with 422 and a size issue', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { size: 20 * MB + 1 });
    expect(res.status).toBe(422);
    expect(issuePaths(res)).toEqual(['size']);
  });

  it('accepts a file of exactly 20 MB', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { size: 20 * MB });
    expect(res.status).toBe(201);
  });

  it('refuses an empty file with 422 and a size issue', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { size: 0 });
    expect(res.status).toBe(422);
    expect(issuePaths(res)).toEqual(['size']);
  });

  it.each(['text/html', 'application/x-msdownload', 'image/svg+xml', 'application/zip'])(
    'refuses the type %s with 422 and a contentType issue',
    async (contentType) => {
      const res = await declare('acme.submitter', pdfBytes(), { contentType, name: 'file.pdf' });
      expect(res.status).toBe(422);
      expect(issuePaths(res)).toEqual(['contentType']);
    },
  );

  it.each([
    ['image/jpeg', 'photo.JPG'],
    ['image/png', 'scan.png'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '章程.docx'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '名册.xlsx'],
    ['application/msword', 'old.doc'],
    ['application/vnd.ms-excel', 'old.xls'],
  ])('accepts %s named %s', async (contentType, name) => {
    expect((await declare('acme.submitter', pdfBytes(), { contentType, name })).status).toBe(201);
  });

  it('refuses a name whose extension does not match its type', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { name: 'invoice.pdf.exe' });
    expect(res.status).toBe(422);
    expect(issuePaths(res)).toEqual(['name']);
  });

  it('stores only the last path segment of the name, without control or bidi characters', async () => {
    const att = await declared('acme.submitter', pdfBytes(), { name: '..\\..\\etc/evil\u0000\u202Efdp.\u0007report.pdf' });
    expect(att.name).toBe('evilfdp.report.pdf');
  });

  it('refuses a name of more than 200 characters', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { name: `${'名'.repeat(197)}.pdf` });
    expect(res.status).toBe(422);
    expect(issuePaths(res)).toEqual(['name']);
  });

  it('refuses a name that is only a path', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { name: '../' });
    expect(issuePaths(res)).toContain('name');
  });

  it('refuses a SHA-256 that is not 64 hex digits with 422', async () => {
    const res = await declare('acme.submitter', pdfBytes(), { sha256: 'abc' });
    expect(res.status).toBe(422);
    expect(issuePaths(res)).toEqual(['sha256']);
  });

  it('refuses unknown fields with 400', async () => {
    expect((await declare('acme.submitter', pdfBytes(), { orgId: 'beta' })).status).toBe(400);
  });

  it('refuses a reviewer with 403', async () => {
    const res = await declare('dinghailu.reviewer', pdfBytes());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('scope', () => {
  it.each(['beta.submitter', 'wujiaochang.reviewer'])('answers %s 404 for the metadata of an acme attachment', async (user) => {
    const res = await clients[user].json('GET', `/api/attachments/${acmeReady.id}`);
    expect(res.status).toBe(404);
  });

  it.each(['beta.submitter', 'wujiaochang.reviewer'])('answers %s 404 for the bytes of an acme attachment', async (user) => {
    const res = await clients[user].json('GET', `/api/attachments/${acmeReady.id}/content`);
    expect(res.status).toBe(404);
  });

  it('answers an out-of-scope attachment exactly like an id that does not exist', async () => {
    const outOfScope = await clients['beta.submitter'].json('GET', `/api/attachments/${acmeReady.id}`);
    const missing = await clients['beta.submitter'].json('GET', `/api/attachments/${ulid()}`);
    expect(outOfScope).toEqual(missing);
  });

  it('answers beta.submitter 404 when completing an acme attachment', async () => {
    const att = await declared('acme.submitter');
    expect((await clients['beta.submitter'].json('POST', `/api/attachments/${att.id}/complete`)).status).toBe(404);
  });

  it.each(['dinghailu.reviewer', 'district.auditor'])('lets %s download an acme attachment', async (user) => {
    const res = await clients[user].request('GET', `/api/attachments/${acmeReady.id}/content`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(acmeReady.bytes)).toBe(true);
  });

  it('lets only the uploader complete, answering others in scope 403', async () => {
    const att = await declared('acme.submitter');
    await put(att.upload, att.bytes);
    expect((await clients['acme.committee'].json('POST', `/api/attachments/${att.id}/complete`)).status).toBe(403);
  });

  it('answers 404 for an id that is not an id', async () => {
    expect((await clients['acme.submitter'].json('GET', '/api/attachments/..%2F..%2Fetc')).status).toBe(404);
  });

  it('answers 401 to a download without a session', async () => {
    expect((await env.app.request(`/api/attachments/${acmeReady.id}/content`)).status).toBe(401);
  });
});

describe('checkAttachmentRefs', () => {
  const refOf = (att: Declared, path = 'data.files.0') => ({ path, id: att.id, name: att.name, size: att.bytes.length, sha256: sha256(att.bytes) });

  it('finds nothing wrong with a ready attachment of the same organisation, cited as stored', async () => {
    expect(await checkAttachmentRefs(env.db, 'acme', [refOf(acmeReady)])).toEqual([]);
  });

  it('accepts the caller itself in place of its organisation id', async () => {
    expect(await checkAttachmentRefs(env.db, { orgId: 'acme' }, [refOf(acmeReady)])).toEqual([]);
  });

  it('reports an id that does not exist, at the ref path', async () => {
    const issues = await checkAttachmentRefs(env.db, 'acme', [{ ...refOf(acmeReady, 'data.licence'), id: ulid() }]);
    expect(issues).toEqual([{ path: 'data.licence', message: { zh: '找不到该附件', en: 'No such attachment' } }]);
  });

  it('reports an attachment that is not ready', async () => {
    const att = await declared('acme.submitter');
    const issues = await checkAttachmentRefs(env.db, 'acme', [refOf(att)]);
    expect(issues.map((i) => i.message.en)).toEqual(['The attachment has not finished uploading']);
  });

  it("reports another organisation's attachment as missing", async () => {
    const issues = await checkAttachmentRefs(env.db, 'beta', [refOf(acmeReady)]);
    expect(issues.map((i) => i.message.en)).toEqual(['No such attachment']);
  });

  it.each([
    { field: 'name', change: { name: '别的.pdf' } },
    { field: 'size', change: { size: 1 } },
    { field: 'sha256', change: { sha256: 'f'.repeat(64) } },
  ])('reports a ref whose $field differs from the stored one', async ({ field, change }) => {
    const issues = await checkAttachmentRefs(env.db, 'acme', [{ ...refOf(acmeReady), ...change }]);
    expect(issues).toHaveLength(1);
    expect(issues[0].message.en).toContain(field === 'sha256' ? 'SHA-256' : field);
  });

  it('reports each failing ref at its own path and passes the good ones', async () => {
    const issues = await checkAttachmentRefs(env.db, 'acme', [
      refOf(acmeReady, 'a'),
      { ...refOf(acmeReady, 'b'), id: 'not-an-id' },
      { ...refOf(acmeReady, 'c'), size: 2 },
    ]);
    expect(issues.map((i) => i.path)).toEqual(['b', 'c']);
  });

  it('reads every ref in one BatchGetItem', async () => {
    const other = await uploaded('acme.submitter');
    const sent: string[] = [];
    env.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'deserialize', name: 'countCommands' },
    );
    try {
      await checkAttachmentRefs(env.db, 'acme', [refOf(acmeReady, 'a'), refOf(other, 'b'), refOf(acmeReady, 'c')]);
    } finally {
      env.db.doc.middlewareStack.remove('countCommands');
    }
    expect(sent).toEqual(['BatchGetItemCommand']);
  });
});
