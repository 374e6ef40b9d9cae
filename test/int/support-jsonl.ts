/**
 * A JSON Lines export written straight from the store, for the offline verifier's tests: one
 * `{submission, events}` a line, the events exactly as stored for the chain.
 */
import { writeFile } from 'node:fs/promises';
import type { HistoryEvent } from '../../functions/records/chain.js';
import { readChain } from '../../functions/store/checkpoints.js';
import type { Db } from '../../functions/store/dynamo.js';
import { readSubmission, type Submission } from '../../functions/store/submissions.js';

export type ExportLine = { submission: Submission; events: HistoryEvent[] };

export async function exportLines(db: Db, ids: string[]): Promise<ExportLine[]> {
  return Promise.all(ids.map(async (id) => ({ submission: (await readSubmission(db, id))!, events: await readChain(db, id) })));
}

export const writeJsonl = (file: string, lines: ExportLine[]) => writeFile(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
