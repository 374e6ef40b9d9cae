/**
 * The checkpoint job (run by functions/service/timers.ts): read the chain heads, keep those
 * that moved since the latest checkpoint, and sign them into the next one. Once a day it reads
 * every head; between, only those updated since the latest checkpoint, so a run costs about
 * what changed rather than the whole table. A head is signed
 * only if its chain extends what was signed before (or, for a record not yet checkpointed,
 * holds from its first event): a truncated or rewritten chain is refused and reported, never
 * laundered into a checkpoint that would then vouch for it.
 */
import { GENESIS_HASH, hashEvent, type ChainHead, type HistoryEvent } from './chain.js';
import { checkpointsFromEnv } from './checkpoints-config.js';
import type { CheckpointLog } from './checkpoints-log.js';
import { movedHeads, type Ledger } from './checkpoints.js';
import { lastSweep, readEventRange, readHeads, readHeadsUpdatedSince, recordSweep } from '../store/checkpoints.js';
import type { Db } from '../store/dynamo.js';

/** A process's checkpoint log; from the environment (checkpoints-config.ts) when absent. */
export type ProofDeps = { checkpoints?: CheckpointLog };

export const checkpointLogOf = (deps: ProofDeps) => deps.checkpoints ?? checkpointsFromEnv();

/** Whether `events` (from the signed head's seq, or from 1) run intact from `signed` to `head`. */
export function extendsSigned(events: readonly HistoryEvent[], signed: ChainHead | undefined, head: ChainHead): boolean {
  const from = signed ? signed.seq : 1;
  if (events.length !== head.seq - from + 1) return false;
  let prev = signed ? undefined : GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    if (event.seq !== from + i || hashEvent(event) !== event.hash) return false;
    if (signed && i === 0 ? event.hash !== signed.hash : event.prevHash !== prev) return false;
    prev = event.hash;
  }
  return prev === head.hash;
}

const PARALLEL_READS = 16;

/** How often every head is read: what the recent reads could miss is signed within this. */
export const SWEEP_EVERY_MS = 24 * 3_600_000;
/**
 * How far before the latest checkpoint the recent reads begin: a head that moved while that
 * checkpoint's run was reading, or that its index showed late, is read again (and, if it did
 * not move, dropped). DynamoDB's index lag is normally well under a second.
 */
export const RECENT_MARGIN_MS = 15 * 60_000;

/**
 * The heads worth comparing with the ledger: every one on the first run and once a day (which
 * also reaches records stored before they had search attributes), otherwise those updated
 * since the latest checkpoint, less the margin.
 */
async function headsToCheck(db: Db, ledger: Ledger, now: Date): Promise<Map<string, ChainHead>> {
  const swept = await lastSweep(db);
  if (!ledger.latest || !swept || now.getTime() - Date.parse(swept) >= SWEEP_EVERY_MS) {
    const heads = await readHeads(db);
    await recordSweep(db, now.toISOString());
    return heads;
  }
  return readHeadsUpdatedSince(db, new Date(Date.parse(ledger.latest.at) - RECENT_MARGIN_MS).toISOString());
}

export type CheckpointRun = { checkpoint?: number; heads: number; refused: string[] };

export async function runCheckpoint(deps: { db: Db; now: () => Date } & ProofDeps): Promise<CheckpointRun | undefined> {
  const log = checkpointLogOf(deps);
  if (!log) return undefined;
  const ledger = await log.current();
  const moved = [...movedHeads(ledger, await headsToCheck(deps.db, ledger, deps.now()))];
  const accepted = new Map<string, ChainHead>();
  const refused: string[] = [];
  for (let i = 0; i < moved.length; i += PARALLEL_READS) {
    await Promise.all(
      moved.slice(i, i + PARALLEL_READS).map(async ([id, head]) => {
        const signed = ledger.heads.get(id);
        // A head at or below the signed one is a chain cut short or rewritten, never progress.
        const ok = (!signed || head.seq > signed.seq) && extendsSigned(await readEventRange(deps.db, id, signed?.seq ?? 1, head.seq), signed, head);
        if (ok) accepted.set(id, head);
        else refused.push(id);
      }),
    );
  }
  if (refused.length > 0) {
    console.error(JSON.stringify({ level: 'error', msg: 'chains that do not extend their checkpoint were not signed', submissions: refused.sort() }));
  }
  if (accepted.size === 0) return { heads: 0, refused };
  const checkpoint = await log.append(accepted, deps.now().toISOString());
  return { ...(checkpoint ? { checkpoint: checkpoint.seq } : {}), heads: checkpoint ? accepted.size : 0, refused };
}
