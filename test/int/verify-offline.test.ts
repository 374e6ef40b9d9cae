/**
 * `unionflow-verify` on files alone: an export written from DynamoDB Local and the checkpoint
 * folder, then each tamper made in the files, each named with its record, event and reason.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../functions/records/chain.js';
import { runCheckpoint } from '../../functions/records/checkpoints-job.js';
import { checkpointFileName, CheckpointLog, folderSink } from '../../functions/records/checkpoints-log.js';
import { checkpointHash, hmacSigner, signCheckpoint } from '../../functions/records/checkpoints.js';
import { main } from '../../functions/records/verify-cli.js';
import { exportLines, writeJsonl, type ExportLine } from './support-jsonl.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

const KEY = 'offline-checkpoint-key-0123456789abcdef';
let env: TestEnv;
let work: string;
let dir: string;
let keyFile: string;
let lines: ExportLine[];

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The export with `change` applied to a copy of its lines, written to a new file. */
async function tampered(change: (lines: ExportLine[]) => void): Promise<string> {
  const copy: ExportLine[] = structuredClone(lines);
  change(copy);
  const file = join(work, `export-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeJsonl(file, copy);
  return file;
}

const withCheckpoints = (file: string) => [file, '--checkpoints', dir, '--key', keyFile];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'uf-offline-'));
  dir = join(work, 'checkpoints');
  keyFile = join(work, 'checkpoint.key');
  await writeFile(keyFile, `${KEY}\n`);
  env = await setupEnv();
  const submitter = await signIn(env.app, 'acme.submitter');
  const street = await signIn(env.app, 'dinghailu.reviewer');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const sub = await submittedRegistration(submitter);
    await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', comment: '同意', version: sub.version });
    ids.push(sub.id);
  }
  await runCheckpoint({ ...env.deps, checkpoints: new CheckpointLog(folderSink(dir), hmacSigner(KEY)) });
  lines = await exportLines(env.db, ids);
});

describe('an untouched export', () => {
  it('verifies every record, and exits 0', async () => {
    const file = await tampered(() => {});
    expect(await run(withCheckpoints(file))).toMatchObject({ code: 0, out: expect.stringContaining('3 records, all verified, checked against the checkpoints') });
  });

  it('runs as the package’s bin with plain node', async () => {
    const file = await tampered((l) => (l[0].events[1].comment = '改过'));
    const bin = join(import.meta.dirname, '../../bin/unionflow-verify.mjs');
    const result = await promisify(execFile)(process.execPath, [bin, file]).catch((e) => e);
    expect([result.code, result.stdout]).toEqual([1, expect.stringContaining(`FAIL ${lines[0].submission.id}`)]);
  });
});

describe('a tampered export', () => {
  it('names an edited event’s data: integrity, hash', async () => {
    const file = await tampered((l) => ((l[1].events[1].changes as any).data.employees = 9999));
    const { code, out } = await run([file]);
    expect([code, out]).toEqual([1, expect.stringContaining(`FAIL ${lines[1].submission.id}: integrity: event #2: hash`)]);
    expect(out).toContain('3 records, 1 failed');
  });

  it('names a deleted last event: completeness, shorter than the record', async () => {
    const file = await tampered((l) => l[0].events.pop());
    expect((await run([file])).out).toContain(`FAIL ${lines[0].submission.id}: completeness: from event #3: shorter-than-record`);
  });

  it('names a last event deleted with the record’s head moved back: only the checkpoints catch it', async () => {
    const file = await tampered((l) => {
      l[0].events.pop();
      l[0].submission.seq = 2;
      l[0].submission.lastHash = l[0].events[1].hash;
    });
    expect((await run([file])).code).toBe(0);
    expect((await run(withCheckpoints(file))).out).toContain(`FAIL ${lines[0].submission.id}: completeness: from event #3: shorter-than-checkpoint`);
  });

  it('names two reordered events: integrity, sequence', async () => {
    const file = await tampered((l) => l[2].events.splice(1, 2, l[2].events[2], l[2].events[1]));
    expect((await run([file])).out).toContain(`FAIL ${lines[2].submission.id}: integrity: event #2: sequence`);
  });

  it('names a whole chain rewritten with recomputed hashes: completeness, differs from the checkpoint', async () => {
    const file = await tampered((l) => {
      let prev = l[1].events[0].hash;
      l[1].events = l[1].events.map((e, i) => {
        if (i === 0) return e;
        const { hash: _h, ...rest } = e;
        const forged = seal({ ...rest, ...(i === 1 ? { comment: '补' } : {}), prevHash: prev });
        prev = forged.hash;
        return forged;
      });
      l[1].submission.lastHash = prev;
    });
    expect((await run([file])).code).toBe(0);
    expect((await run(withCheckpoints(file))).out).toContain(`FAIL ${lines[1].submission.id}: completeness: from event #3: differs-from-checkpoint`);
  });

  it('names a line that is not a record', async () => {
    const file = await tampered(() => {});
    await writeFile(file, `${await readFile(file, 'utf8')}{"submission":{}}\n`);
    expect((await run([file])).out).toContain('FAIL line 4: no submission {id, seq, lastHash}');
  });
});

describe('tampered checkpoints', () => {
  const file = () => tampered(() => {});
  const path = (seq: number) => join(dir, checkpointFileName(seq));

  it('names a checkpoint forged without the key: its MAC', async () => {
    const forged = await signCheckpoint(hmacSigner('a-forger-s-own-key-0123456789'), {
      seq: 2,
      at: new Date().toISOString(),
      // Linked correctly to the genuine checkpoint before it: only the MAC can tell.
      previous: checkpointHash(JSON.parse(await readFile(path(1), 'utf8'))),
      heads: { [lines[0].submission.id]: { seq: 2, hash: lines[0].events[1].hash } },
    });
    await writeFile(path(2), JSON.stringify(forged), { flag: 'wx' });
    const { code, out } = await run(withCheckpoints(await file()));
    expect([code, out]).toEqual([1, expect.stringContaining('FAIL checkpoint #2: mac')]);
  });

  it('names a replaced checkpoint file: its MAC', async () => {
    const original = await readFile(path(1), 'utf8');
    await chmod(path(1), 0o644);
    await writeFile(path(1), original.replace(/"at": "[^"]+"/, '"at": "2020-01-01T00:00:00.000Z"'));
    const { code, out } = await run(withCheckpoints(await file()));
    expect([code, out]).toEqual([1, expect.stringContaining('FAIL checkpoint #1: mac')]);
    await writeFile(path(1), original);
  });

  it('refuses to run with checkpoints but no key', async () => {
    expect((await run([await file(), '--checkpoints', dir])).code).toBe(2);
  });
});
