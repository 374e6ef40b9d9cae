/**
 * Benchmark of a member's evaluation with a one-time code (`npx tsx bench/redeem.ts`). Prints
 * numbers; asserts nothing.
 *
 * DynamoDB Local in memory and a fresh pair of tables. One round of BENCH_CODES codes (default
 * 2000, the most a round may have) with its answer slots is written through the store, not
 * measured. Then every code is answered in turn through `submitEvaluation`, the path
 * `POST /api/member/evaluations` takes. For each tenth of the round (0–10 % answered, …) it
 * reports the median and the 95th percentile of the time per answer, and the slots the search
 * for an empty one read (DynamoDB's ScannedCount, summed over the queries of one answer). At
 * the end it reports the time to count the round's tally, which is read on demand.
 *
 * Everything it starts, it stops.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { submitEvaluation } from '../functions/service/rounds.js';
import { codeHash, codeItem, generateCode, putAnonymous } from '../functions/store/codes.js';
import { createDb } from '../functions/store/dynamo.js';
import { ensureTable, startLocalDynamo } from '../functions/store/local-dynamo.js';
import { answerSlotItems, roundTally } from '../functions/store/rounds.js';

const CODES = Number(process.env.BENCH_CODES ?? 2000);
const ANSWERS = { q_activities: 'satisfied', q_rights: 'basic', q_openness: 'satisfied', q_services: 'satisfied', overall: 'satisfied', comment: '职工书屋开放时间可以再长一些' };

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function main() {
  const dynamo = await startLocalDynamo();
  try {
    const db = createDb({ table: `bench_redeem_${Date.now().toString(36)}`, endpoint: dynamo.endpoint });
    await ensureTable(dynamo.endpoint, db.table);
    let scanned = 0;
    db.doc.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        scanned += Number((out.output as { ScannedCount?: number }).ScannedCount ?? 0);
        return out;
      },
      { step: 'initialize', name: 'countScanned' },
    );

    const roundId = randomUUID();
    const codes = Array.from({ length: CODES }, () => generateCode());
    await putAnonymous(db, [
      ...codes.map((code) => codeItem({ hash: codeHash(code), roundId, orgId: 'acme', purpose: 'evaluation' })),
      ...answerSlotItems(roundId, CODES),
    ]);
    const deps = { db, now: () => new Date() };

    const tenths = Array.from({ length: 10 }, () => ({ ms: [] as number[], slots: [] as number[] }));
    for (const [i, code] of codes.entries()) {
      scanned = 0;
      const started = performance.now();
      await submitEvaluation(deps, code, ANSWERS);
      const bucket = tenths[Math.floor((i * 10) / CODES)];
      bucket.ms.push(performance.now() - started);
      bucket.slots.push(scanned);
    }

    console.log(`One round of ${CODES} codes, answered one after another (DynamoDB Local, in memory)\n`);
    console.log('answered   median ms   p95 ms   median slots read   max slots read');
    tenths.forEach((t, i) => {
      const row = [`${i * 10}–${i * 10 + 10} %`.padEnd(10), quantile(t.ms, 0.5).toFixed(1).padStart(9), quantile(t.ms, 0.95).toFixed(1).padStart(8), String(quantile(t.slots, 0.5)).padStart(19), String(Math.max(...t.slots)).padStart(16)];
      console.log(row.join('   '));
    });
    const started = performance.now();
    const tally = await roundTally(db, roundId);
    console.log(`\ntally of ${tally.answers} answers counted in ${(performance.now() - started).toFixed(1)} ms`);
  } finally {
    await dynamo.stop();
  }
}

await main();
