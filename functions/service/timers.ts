/**
 * Work that runs on a clock rather than on a request: in AWS a schedule invokes
 * functions/handlers/timers.ts, locally `npm start` calls `runTimers` on an interval. Each job
 * is safe to run twice at once and to run late.
 */
import { runCheckpoint, type ProofDeps } from '../records/checkpoints-job.js';
import { releaseQueries } from './member-queries.js';
import type { Deps } from './submissions.js';

export async function runTimers(deps: Deps & ProofDeps) {
  const queries = await releaseQueries(deps);
  // After the release, so the queries it just made are in this checkpoint.
  return { queries, checkpoints: await runCheckpoint(deps) };
}
