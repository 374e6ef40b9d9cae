/**
 * A stored record's verification: its chain read from the table, its head from the record,
 * and the latest signed checkpoint covering it from the checkpoint log (outside the table).
 */
import { verifyRecord, type RecordVerification } from './chain.js';
import { checkpointLogOf, type ProofDeps } from './checkpoints-job.js';
import type { CheckpointProblem } from './checkpoints.js';
import { readChain } from '../store/checkpoints.js';
import type { Db } from '../store/dynamo.js';
import type { Submission } from '../store/submissions.js';

export type Verification = RecordVerification & {
  /** The latest signed checkpoint covering the record: its number, when it was signed, the head it signed. */
  checkpoint?: { seq: number; at: string; head: { seq: number; hash: string } };
  /** Present only when the checkpoints themselves do not verify: nothing from that one on is trusted. */
  checkpoints?: { ok: false } & CheckpointProblem;
};

export async function verifyStored(deps: { db: Db } & ProofDeps, sub: Pick<Submission, 'id' | 'seq' | 'lastHash'>): Promise<Verification> {
  const log = checkpointLogOf(deps);
  const [events, ledger] = await Promise.all([readChain(deps.db, sub.id), log?.current()]);
  const signed = ledger?.heads.get(sub.id);
  const result: Verification = verifyRecord(events, { seq: sub.seq, hash: sub.lastHash }, signed);
  if (signed) result.checkpoint = { seq: signed.checkpoint, at: signed.at, head: { seq: signed.seq, hash: signed.hash } };
  if (ledger?.problem) {
    result.checkpoints = { ok: false, ...ledger.problem };
    result.ok = false;
  }
  return result;
}
