/**
 * What the checkpoint job reads: every chain head on its first run and once a day, and in
 * between only the heads updated since the latest checkpoint (less a margin), through the
 * form-and-updated index. Counted by the index each Query names, against DynamoDB Local.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheckpoint, SWEEP_EVERY_MS } from '../../functions/records/checkpoints-job.js';
import { CheckpointLog, folderSink } from '../../functions/records/checkpoints-log.js';
import { hmacSigner } from '../../functions/records/checkpoints.js';
import type { Db } from '../../functions/store/dynamo.js';
import { formIndexName, scopeIndexName } from '../../functions/store/table.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

const HOUR = 3_600_000;
const T0 = Date.now();
let clock = T0 - HOUR;
let env: TestEnv;
let dir: string;

/** The indexes the job's Queries name, run by run. */
let queried: string[] = [];
function counting(db: Db): Db {
  const doc = new Proxy(db.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: unknown) => {
        if (command instanceof QueryCommand) queried.push(command.input.IndexName ?? 'table');
        return target.send(command as never);
      };
    },
  });
  return { ...db, doc };
}

async function checkpointAt(time: number) {
  clock = time;
  queried = [];
  const run = await runCheckpoint({ db: counting(env.db), now: () => new Date(clock), checkpoints: new CheckpointLog(folderSink(dir), hmacSigner('recent-test-key-0123456789')) });
  return { run, queried: [...new Set(queried)] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uf-checkpoints-recent-'));
  env = await setupEnv({ now: () => new Date(clock) });
});

describe('the checkpoint job between sweeps', () => {
  it('reads every head on its first run, then only recent changes, then every head again a day on', async () => {
    const union = await signIn(env.app, 'acme.submitter');
    const old = await submittedRegistration(union); // an hour before the first run

    const first = await checkpointAt(T0);
    expect(first.queried).toContain(scopeIndexName(0));
    expect(first.run).toMatchObject({ checkpoint: 1, refused: [] });
    expect(first.run!.heads).toBeGreaterThanOrEqual(1);

    // An hour later: a new record, and the old record's head rewritten in the table by
    // someone who left its updatedAt alone.
    clock = T0 + HOUR;
    const recent = await submittedRegistration(union);
    await env.db.doc.send(
      new UpdateCommand({ TableName: env.db.table, Key: { pk: `SUB#${old.id}`, sk: 'META' }, UpdateExpression: 'SET seq = :s, lastHash = :h', ExpressionAttributeValues: { ':s': 9, ':h': 'e'.repeat(64) } }),
    );
    const between = await checkpointAt(T0 + HOUR);
    expect(between.queried).not.toContain(scopeIndexName(0));
    expect(between.queried).toContain(formIndexName('updated'));
    expect(between.run).toEqual({ checkpoint: 2, heads: 1, refused: [] });

    // Nothing changed since: nothing read beyond the margin, nothing signed.
    expect((await checkpointAt(T0 + 2 * HOUR)).run).toEqual({ heads: 0, refused: [] });

    // A day after the first sweep, every head again: the rewrite is found and refused.
    const sweep = await checkpointAt(T0 + SWEEP_EVERY_MS);
    expect(sweep.queried).toContain(scopeIndexName(0));
    expect(sweep.run).toEqual({ heads: 0, refused: [old.id] });
    expect(recent.id).not.toBe(old.id);
  });

  it('reads again a head that moved just before the latest checkpoint, within the margin', async () => {
    const union = await signIn(env.app, 'acme.submitter');
    clock = T0 + SWEEP_EVERY_MS + HOUR;
    await checkpointAt(clock);
    // Moved five minutes before the checkpoint below, as if its index showed it late.
    clock = T0 + SWEEP_EVERY_MS + 2 * HOUR - 5 * 60_000;
    const late = await submittedRegistration(union);
    await env.db.doc.send(
      new UpdateCommand({ TableName: env.db.table, Key: { pk: `SUB#${late.id}`, sk: 'META' }, UpdateExpression: 'REMOVE formPk' }),
    );
    clock = T0 + SWEEP_EVERY_MS + 2 * HOUR - 60_000;
    await submittedRegistration(union);
    // This checkpoint signs the other record and, with the index late, not the first.
    const missed = await checkpointAt(T0 + SWEEP_EVERY_MS + 2 * HOUR);
    expect(missed.run).toMatchObject({ heads: 1, refused: [] });
    await env.db.doc.send(
      new UpdateCommand({ TableName: env.db.table, Key: { pk: `SUB#${late.id}`, sk: 'META' }, UpdateExpression: 'SET formPk = :p', ExpressionAttributeValues: { ':p': 'FORM#union-registration' } }),
    );
    const caught = await checkpointAt(T0 + SWEEP_EVERY_MS + 2 * HOUR + 60_000);
    expect(caught.queried).not.toContain(scopeIndexName(0));
    expect(caught.run).toMatchObject({ heads: 1, refused: [] });
  });
});
