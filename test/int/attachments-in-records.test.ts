/**
 * Attachments cited in a record: a home-assessment score item's evidence files
 * (`org_committee.attachments`) are checked against the stored attachment when they enter the
 * record (save, submit), end up in the hash-chained history, can be downloaded by a reviewer
 * in scope, and cost no extra read on an action that cites nothing new.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalizeModule from 'canonicalize';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../functions/files/local.js';
import type { UploadTarget } from '../../functions/files/store.js';
import { act, formExample, setupEnv, signIn, type Client, type TestEnv } from './support.js';

// The package is CommonJS with a default-export typing.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

const FORM = 'home-assessment';
const PDF = 'application/pdf';
const PATH = 'org_committee.attachments.0';

const dir = mkdtempSync(join(tmpdir(), 'unionflow-files-'));
const files = new LocalFileStore({ dir, secret: 'test-secret' });

type Ref = { id: string; name: string; size: number; contentType: string; sha256: string };
type Sub = { id: string; version: number; step: string; status: string; data: Record<string, any> };
type HistoryEvent = { seq: number; action: string; step: string; changes?: any; prevHash: string; hash: string };

let env: TestEnv;
let union: Client;
let other: Client;
let street: Client;
let otherStreet: Client;
let bytes: Buffer;
let ready: Ref;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdfBytes = (size = 2048) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

/** Declare an attachment as `client`; the ref it would be cited by, and where to PUT it. */
async function declare(client: Client, body: Buffer, name = '换届选举材料.pdf'): Promise<{ ref: Ref; upload: UploadTarget }> {
  const res = await client.json('POST', '/api/attachments', { name, contentType: PDF, size: body.length, sha256: sha256(body) });
  if (res.status !== 201) throw new Error(`declare failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ref: { id: res.body.id, name: res.body.name, size: body.length, contentType: PDF, sha256: sha256(body) }, upload: res.body.upload };
}

/** Declare, PUT the bytes to the upload target, complete: a ready attachment's ref. */
async function uploaded(client: Client, body: Buffer): Promise<Ref> {
  const { ref, upload } = await declare(client, body);
  const put = await env.app.request(upload.url, { method: upload.method, headers: upload.headers, body });
  if (put.status !== 200) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  const done = await client.json('POST', `/api/attachments/${ref.id}/complete`);
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
  return ref;
}

/** The form's example with `refs` as the evidence of 工会委员会. */
function citing(refs: Ref[]): Record<string, any> {
  const data = formExample(FORM);
  return { ...data, org_committee: { ...(data.org_committee as object), attachments: refs } };
}

async function draft(data: Record<string, unknown> = formExample(FORM)): Promise<Sub> {
  const res = await union.json('POST', '/api/submissions', { formId: FORM, data });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path);
const current = async (id: string): Promise<Sub> => (await union.json('GET', `/api/submissions/${id}`)).body;

/** Run `fn` while counting the DynamoDB commands the app sends. */
async function commandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  env.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'deserialize', name: 'countRecordCommands' },
  );
  try {
    await fn();
  } finally {
    env.db.doc.middlewareStack.remove('countRecordCommands');
  }
  return sent;
}
const batchGets = (commands: string[]) => commands.filter((c) => c === 'BatchGetItemCommand').length;

beforeAll(async () => {
  env = await setupEnv({ files });
  [union, other, street, otherStreet] = await Promise.all(
    ['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'wujiaochang.reviewer'].map((u) => signIn(env.app, u)),
  );
  bytes = pdfBytes();
  ready = await uploaded(union, bytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a completed attachment cited as evidence of a score item', () => {
  let sub: Sub;
  let submitted: Sub;

  beforeAll(async () => {
    sub = await draft();
  });

  it('is accepted when the draft is saved, and kept in the data as cited', async () => {
    const saved = await union.json('PUT', `/api/submissions/${sub.id}/data`, { data: citing([ready]), version: sub.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(sub.version + 1);
    expect(saved.body.data.org_committee.attachments).toEqual([ready]);
    sub = saved.body;
  });

  it('is accepted on submit, which moves the assessment to street-review', async () => {
    const res = await act(union, sub, 'submit');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'street-review', status: 'in_review' });
    expect(res.body.data.org_committee.attachments).toEqual([ready]);
    submitted = res.body;
  });

  it('is carried, with its SHA-256, by the submit event of the history', async () => {
    const events: HistoryEvent[] = (await union.json('GET', `/api/submissions/${sub.id}/history`)).body.events;
    const submit = events.find((e) => e.action === 'submit');
    expect(submit?.changes?.data?.org_committee?.attachments).toEqual([ready]);
  });

  it('is covered by the hash chain: the submit event hashes, independently recomputed, to its stored hash', async () => {
    const events: HistoryEvent[] = (await union.json('GET', `/api/submissions/${sub.id}/history`)).body.events;
    const { hash, ...rest } = events.find((e) => e.action === 'submit')!;
    expect(createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex')).toBe(hash);
    expect((await union.json('GET', `/api/submissions/${sub.id}/verify`)).body).toMatchObject({ ok: true });
  });

  it('can be downloaded, byte for byte, by the reviewer of the union’s street', async () => {
    const res = await street.request('GET', `/api/attachments/${ready.id}/content`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers the reviewer of another street 404 for the cited file', async () => {
    const res = await otherStreet.json('GET', `/api/attachments/${ready.id}/content`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('lets a reviewer copied in from another street download the cited file through the submission, and only so', async () => {
    const copied = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'cc', to: 'wujiaochang.reviewer', version: submitted.version });
    expect(copied.status).toBe(200);
    submitted = copied.body;
    const through = await otherStreet.request('GET', `/api/attachments/${ready.id}/content?submission=${sub.id}`);
    expect(through.status).toBe(200);
    expect(Buffer.from(await through.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await otherStreet.json('GET', `/api/attachments/${ready.id}/content`)).status).toBe(404);
  });

  it('costs no attachment read on an approve that carries no data', async () => {
    let res: Awaited<ReturnType<typeof act>> | undefined;
    const commands = await commandsDuring(async () => {
      res = await act(street, submitted, 'approve');
    });
    expect(res?.status).toBe(200);
    expect(res?.body.step).toBe('district-review');
    expect(batchGets(commands)).toBe(0);
  });
});

describe('reading cited attachments only when they are new', () => {
  it('reads the attachments once when a save cites a new one', async () => {
    const sub = await draft();
    let status = 0;
    const commands = await commandsDuring(async () => {
      status = (await union.json('PUT', `/api/submissions/${sub.id}/data`, { data: citing([ready]), version: sub.version })).status;
    });
    expect(status).toBe(200);
    expect(batchGets(commands)).toBe(1);
  });

  it('does not read the attachments when a save cites only what the draft already cites', async () => {
    const sub = await draft(citing([ready]));
    const changed = { ...citing([ready]), members: 130 };
    let status = 0;
    const commands = await commandsDuring(async () => {
      status = (await union.json('PUT', `/api/submissions/${sub.id}/data`, { data: changed, version: sub.version })).status;
    });
    expect(status).toBe(200);
    expect(batchGets(commands)).toBe(0);
  });
});

describe('a cited attachment that is not the stored, completed file of the union', () => {
  /** Each case: how to make the bad ref. */
  const cases: { what: string; bad: () => Promise<Ref> }[] = [
    { what: 'an id that does not exist', bad: async () => ({ ...ready, id: ulid() }) },
    { what: 'an upload still pending (never completed)', bad: async () => (await declare(union, pdfBytes())).ref },
    { what: 'a file uploaded by another union (beta.submitter)', bad: async () => uploaded(other, pdfBytes()) },
    { what: 'a SHA-256 other than the stored one', bad: async () => ({ ...ready, sha256: 'f'.repeat(64) }) },
    { what: 'a size other than the stored one', bad: async () => ({ ...ready, size: ready.size + 1 }) },
    { what: 'a name other than the stored one', bad: async () => ({ ...ready, name: '别的文件.pdf' }) },
    { what: 'a content type other than the stored one', bad: async () => ({ ...ready, contentType: 'image/png' }) },
  ];

  describe.each(cases)('citing $what', ({ bad }) => {
    let ref: Ref;

    beforeAll(async () => {
      ref = await bad();
    });

    it(`refuses the save with 422 and an issue at ${PATH}`, async () => {
      const sub = await draft();
      const res = await union.json('PUT', `/api/submissions/${sub.id}/data`, { data: citing([ref]), version: sub.version });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(issuePaths(res.body)).toEqual([PATH]);
    });

    it('saves nothing when the save is refused: version and data unchanged', async () => {
      const sub = await draft();
      await union.json('PUT', `/api/submissions/${sub.id}/data`, { data: citing([ref]), version: sub.version });
      const after = await current(sub.id);
      expect(after.version).toBe(sub.version);
      expect(after.data).toEqual(sub.data);
    });

    it(`refuses a submit carrying it with 422 and an issue at ${PATH}, leaving the draft unchanged`, async () => {
      const sub = await draft();
      const res = await act(union, sub, 'submit', { data: citing([ref]) });
      expect(res.status).toBe(422);
      expect(issuePaths(res.body)).toEqual([PATH]);
      const after = await current(sub.id);
      expect(after).toMatchObject({ version: sub.version, step: 'fill', status: 'draft' });
      expect(after.data).toEqual(sub.data);
    });
  });

  it('refuses a new draft created citing it, creating nothing', async () => {
    const before = (await union.json('GET', `/api/submissions?formId=${FORM}&limit=100`)).body.items.length;
    const res = await union.json('POST', '/api/submissions', { formId: FORM, data: citing([{ ...ready, id: ulid() }]) });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual([PATH]);
    expect((await union.json('GET', `/api/submissions?formId=${FORM}&limit=100`)).body.items).toHaveLength(before);
  });

  it('reports only the bad ref when a good and a bad one are cited together', async () => {
    const sub = await draft();
    const res = await union.json('PUT', `/api/submissions/${sub.id}/data`, {
      data: citing([ready, { ...ready, id: ulid() }]),
      version: sub.version,
    });
    expect(res.status).toBe(422);
    expect(issuePaths(res.body)).toEqual(['org_committee.attachments.1']);
  });
});
