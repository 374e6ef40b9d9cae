/**
 * Tampering with a record's history in DynamoDB, and with the signed checkpoints on disk:
 * each tamper is detected by `/verify` and named (which part fails, where, why).
 */
import { mkdtemp, readFile, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app.js';
import { seal, type HistoryEvent } from '../../functions/records/chain.js';
import { runCheckpoint } from '../../functions/records/checkpoints-job.js';
import { checkpointFileName, CheckpointLog, folderSink } from '../../functions/records/checkpoints-log.js';
import { checkpointHash, hmacSigner, signCheckpoint, type Checkpoint } from '../../functions/records/checkpoints.js';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

const KEY = 'test-checkpoint-key-0123456789abcdef';
let env: TestEnv;
let dir: string;
let submitter: Client;
let street: Client;
let auditor: Client;

const freshLog = () => new CheckpointLog(folderSink(dir), hmacSigner(KEY));
/** A verifier that reads the checkpoints anew, as another process would. */
const verifyNow = async (id: string) => {
  const app = createApp({ ...env.deps, checkpoints: freshLog() });
  const res = await app.request(`/api/submissions/${id}/verify`, { headers: { authorization: `Bearer ${auditor.token}` } });
  return { status: res.status, body: (await res.json()) as any };
};
const checkpointNow = () => runCheckpoint({ ...env.deps, checkpoints: freshLog() });

const eventKey = (id: string, seq: number) => ({ pk: `SUB#${id}`, sk: `EV#${String(seq).padStart(8, '0')}` });
const subKey = (id: string) => ({ pk: `SUB#${id}`, sk: 'META' });

async function eventAt(id: string, seq: number): Promise<HistoryEvent> {
  const out = await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: eventKey(id, seq) }));
  return out.Item!.event as HistoryEvent;
}
const putEvent = (id: string, seq: number, event: unknown) =>
  env.db.doc.send(new PutCommand({ TableName: env.db.table, Item: { ...eventKey(id, seq), event } }));
const setHead = (id: string, seq: number, hash: string) =>
  env.db.doc.send(
    new UpdateCommand({ TableName: env.db.table, Key: subKey(id), UpdateExpression: 'SET seq = :s, lastHash = :h', ExpressionAttributeValues: { ':s': seq, ':h': hash } }),
  );

/** create (1) → submit (2) → return (3) → resubmit (4) → street approve (5). */
async function recordWithFiveEvents(): Promise<string> {
  const sub = await submittedRegistration(submitter);
  const returned = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'return', comment: '请补充材料', version: sub.version });
  const resubmitted = await submitter.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'submit', version: returned.body.version });
  await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', comment: '同意', version: resubmitted.body.version });
  return sub.id;
}

/** A record of five events, checkpointed. */
async function checkpointed(): Promise<string> {
  const id = await recordWithFiveEvents();
  await checkpointNow();
  return id;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uf-checkpoints-'));
  env = await setupEnv({ checkpoints: new CheckpointLog(folderSink(dir), hmacSigner(KEY)) });
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
  auditor = await signIn(env.app, 'district.auditor');
});

describe('an untouched record', () => {
  it('verifies with no checkpoint covering it yet, and says so', async () => {
    const id = await recordWithFiveEvents();
    const { body } = await verifyNow(id);
    expect(body).toMatchObject({ ok: true, events: 5, integrity: { ok: true }, completeness: { ok: true, record: { seq: 5 } } });
    expect(body.checkpoint).toBeUndefined();
  });

  it('verifies against the checkpoint that signed its head', async () => {
    const id = await checkpointed();
    const { body } = await verifyNow(id);
    const head = await eventAt(id, 5);
    expect(body).toMatchObject({ ok: true, completeness: { ok: true, checkpoint: { ok: true, seq: 5, hash: head.hash } }, checkpoint: { head: { seq: 5, hash: head.hash } } });
  });

  it('is checkpointed again only when its head moves', async () => {
    await checkpointed();
    expect(await checkpointNow()).toEqual({ heads: 0, refused: [] });
  });
});

describe('tampering in the table', () => {
  it('names an event whose data was edited: integrity, hash', async () => {
    const id = await checkpointed();
    const second = await eventAt(id, 2);
    await putEvent(id, 2, { ...second, changes: { ...second.changes, data: { ...(second.changes as any).data, employees: 9999 } } });
    expect((await verifyNow(id)).body).toMatchObject({ ok: false, firstBadSeq: 2, integrity: { ok: false, firstBadSeq: 2, reason: 'hash' } });
  });

  it('names a deleted last event: completeness, shorter than the record', async () => {
    const id = await recordWithFiveEvents();
    await env.db.doc.send(new DeleteCommand({ TableName: env.db.table, Key: eventKey(id, 5) }));
    expect((await verifyNow(id)).body).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      integrity: { ok: true },
      completeness: { ok: false, firstBadSeq: 5, reason: 'shorter-than-record' },
    });
  });

  it('names a last event deleted together with the record’s head: only the checkpoint catches it', async () => {
    const id = await checkpointed();
    const fourth = await eventAt(id, 4);
    await env.db.doc.send(new DeleteCommand({ TableName: env.db.table, Key: eventKey(id, 5) }));
    await setHead(id, 4, fourth.hash);
    expect((await verifyNow(id)).body).toMatchObject({
      ok: false,
      integrity: { ok: true },
      completeness: { ok: false, firstBadSeq: 5, reason: 'shorter-than-checkpoint', checkpoint: { ok: false, seq: 5 } },
    });
  });

  it('names two reordered events: integrity, sequence', async () => {
    const id = await checkpointed();
    const [third, fourth] = [await eventAt(id, 3), await eventAt(id, 4)];
    await putEvent(id, 3, fourth);
    await putEvent(id, 4, third);
    expect((await verifyNow(id)).body).toMatchObject({ ok: false, firstBadSeq: 3, integrity: { ok: false, firstBadSeq: 3, reason: 'sequence' } });
  });

  it('names a whole chain rewritten with recomputed hashes: completeness, differs from the checkpoint', async () => {
    const id = await checkpointed();
    const events = await Promise.all([1, 2, 3, 4, 5].map((s) => eventAt(id, s)));
    // A new comment in event 3, then every hash after it recomputed and the record's head moved.
    let prev = events[1].hash;
    for (const e of events.slice(2)) {
      const { hash: _old, ...rest } = e;
      const forged = seal({ ...rest, ...(e.seq === 3 ? { comment: '材料齐全' } : {}), prevHash: prev });
      await putEvent(id, e.seq, forged);
      prev = forged.hash;
    }
    await setHead(id, 5, prev);
    const { body } = await verifyNow(id);
    expect(body).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      integrity: { ok: true },
      completeness: { ok: false, reason: 'differs-from-checkpoint', checkpoint: { ok: false, seq: 5 } },
    });
  });

  it('is never laundered: the job refuses to sign a rewritten chain’s new head', async () => {
    const id = await checkpointed();
    const events = await Promise.all([1, 2, 3, 4, 5].map((s) => eventAt(id, s)));
    const { hash: _h, ...last } = events[4];
    const forged = seal({ ...last, comment: '改过' });
    await putEvent(id, 5, forged);
    await setHead(id, 5, forged.hash);
    const run = await checkpointNow();
    expect(run?.refused).toContain(id);
    expect((await verifyNow(id)).body.completeness).toMatchObject({ ok: false, reason: 'differs-from-checkpoint' });
  });
});

describe('tampering with the checkpoints', () => {
  const latestSeq = async () => (await freshLog().current()).latest!.seq;
  const readCheckpoint = async (seq: number): Promise<Checkpoint> => JSON.parse(await readFile(join(dir, checkpointFileName(seq)), 'utf8'));
  const overwrite = async (seq: number, value: unknown) => {
    const file = join(dir, checkpointFileName(seq));
    await chmod(file, 0o644);
    await writeFile(file, JSON.stringify(value));
  };

  it('names a checkpoint forged without the key: its MAC', async () => {
    const id = await checkpointed();
    const ledger = await freshLog().current();
    // The forger appends a checkpoint vouching for a shorter chain, signed with a key of its own.
    const fourth = await eventAt(id, 4);
    const forged = await signCheckpoint(hmacSigner('not-the-key-at-all-0123456789'), {
      seq: ledger.latest!.seq + 1,
      at: new Date().toISOString(),
      previous: ledger.latest!.hash,
      heads: { [id]: { seq: 4, hash: fourth.hash } },
    });
    await writeFile(join(dir, checkpointFileName(forged.seq)), JSON.stringify(forged), { flag: 'wx' });
    const { body } = await verifyNow(id);
    expect(body).toMatchObject({ ok: false, checkpoints: { ok: false, checkpoint: forged.seq, reason: 'mac' } });
    // The forged checkpoint is not believed: the record is still judged by the genuine one.
    expect(body.completeness.checkpoint).toMatchObject({ seq: 5, ok: true });
    await overwrite(forged.seq, await signCheckpoint(hmacSigner(KEY), { ...forged, heads: {} }));
  });

  it('names a replaced checkpoint file: its MAC when the content changed', async () => {
    const seq = await latestSeq();
    const original = await readCheckpoint(seq);
    await overwrite(seq, { ...original, at: '2020-01-01T00:00:00.000Z' });
    const id = await recordWithFiveEvents();
    expect((await verifyNow(id)).body).toMatchObject({ ok: false, checkpoints: { checkpoint: seq, reason: 'mac' } });
    await overwrite(seq, original);
    expect((await verifyNow(id)).body.checkpoints).toBeUndefined();
  });

  it('names a checkpoint file replaced by another genuine one: its place', async () => {
    const seq = await latestSeq();
    const original = await readCheckpoint(seq);
    await overwrite(seq, await readCheckpoint(seq - 1));
    const id = await recordWithFiveEvents();
    expect((await verifyNow(id)).body).toMatchObject({ ok: false, checkpoints: { checkpoint: seq, reason: 'sequence' } });
    await overwrite(seq, original);
  });

  it('chains each checkpoint to the hash of the one before', async () => {
    const seq = await latestSeq();
    const [before, last] = [await readCheckpoint(seq - 1), await readCheckpoint(seq)];
    expect(last.previous).toBe(checkpointHash(before));
  });

  it('never rewrites a checkpoint file: a number already taken is left as it is', async () => {
    const seq = await latestSeq();
    const before = await readFile(join(dir, checkpointFileName(seq)), 'utf8');
    expect(await folderSink(dir).create(seq, 'another job’s checkpoint')).toBe(false);
    expect(await readFile(join(dir, checkpointFileName(seq)), 'utf8')).toBe(before);
  });
});
