/**
 * Synthetic submissions for the search bench and its cost test, written straight through the
 * store's own item builders (submissionItem, keys.issuedNumber) in BatchWriteItem requests of
 * 25, several in flight: the items are exactly what the services would store, only faster.
 *
 * Record i: one of five forms (i mod 5), one of 12 streets × 4 unions, created in 2025 spread
 * evenly over the year; about two in three submitted a day after creation; about one submitted
 * registration in ten approved and numbered `YP-2025-<i>`. About 1.5 KB each, like a short form.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../functions/store/dynamo.js';
import { keys } from '../functions/store/keys.js';
import { submissionItem, type Submission } from '../functions/store/submissions.js';

export const SEED_FORMS = ['union-registration', 'home-assessment', 'fund-oversight', 'audit-submission', 'member-evaluation'] as const;
export const SEED_STREETS = ['dinghailu', 'pingliang', 'jiangpu', 'siping', 'kongjiang', 'changbai', 'yanji', 'yinhang', 'daqiao', 'wujiaochang', 'xinjiangwancheng', 'changhai'];
const YEAR_START = Date.parse('2025-01-01T00:00:00.000+08:00');
const YEAR_MS = 365 * 86_400_000;

/** A ULID-shaped id from a number, so ids sort as their creation times do. */
function idOf(i: number, t: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  for (let v = t, k = 0; k < 10; k++, v = Math.floor(v / 32)) time = alphabet[v % 32] + time;
  let rest = '';
  for (let v = i, k = 0; k < 16; k++, v = Math.floor(v / 32)) rest = alphabet[v % 32] + rest;
  return time + rest;
}

export type Seeded = { sub: Submission; street: string };

export function seededSubmission(i: number, n: number): Seeded {
  // A multiplicative hash spreads street, union and state independently of the form (i mod 5).
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  const formId = SEED_FORMS[i % SEED_FORMS.length];
  const street = SEED_STREETS[h % 12];
  const unionNo = (h >>> 8) % 4;
  const union = `${street}-u${unionNo}`;
  const created = YEAR_START + Math.floor((i * YEAR_MS) / n);
  const submitted = (h >>> 12) % 3 !== 0;
  const approved = formId === 'union-registration' && submitted && (h >>> 16) % 10 === 0;
  const at = (t: number) => new Date(t).toISOString();
  const id = idOf(i, created);
  const sub: Submission = {
    id,
    formId,
    formVersion: 1,
    workflowVersion: 1,
    orgId: union,
    orgName: `${street} 第${unionNo + 1}工会`,
    orgPath: ['yangpu', street, union],
    step: approved ? 'approved' : submitted ? 'street-review' : 'fill',
    status: approved ? 'approved' : submitted ? 'in_review' : 'draft',
    data: { name: `企业${i}有限公司`, address: `杨浦区某路${i}号`, plan: '一企一方案：'.repeat(40) },
    computed: {},
    warnings: [],
    version: submitted ? 2 : 1,
    assignees: [],
    reviewActed: false,
    seq: submitted ? 2 : 1,
    lastHash: 'f'.repeat(64),
    ...(approved ? { number: `YP-2025-${String(i).padStart(6, '0')}` } : {}),
    createdAt: at(created),
    updatedAt: at(submitted ? created + 86_400_000 : created),
    ...(submitted ? { submittedAt: at(created + 86_400_000) } : {}),
    createdBy: `${union}.submitter`,
  };
  return { sub, street };
}

/** Writes records [0, n) and returns the time it took; `onProgress` sees how many are written. */
export async function seedSubmissions(db: Db, n: number, onProgress?: (written: number) => void): Promise<number> {
  const started = performance.now();
  const IN_FLIGHT = 8;
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < n) {
      const first = next;
      const end = Math.min(n, next + 25);
      next = end;
      let requests = [];
      for (let i = first; i < end; i++) {
        const { sub } = seededSubmission(i, n);
        requests.push({ PutRequest: { Item: submissionItem(sub) } });
        if (sub.number) requests.push({ PutRequest: { Item: { ...keys.issuedNumber(sub.number), submissionId: sub.id, at: sub.updatedAt } } });
      }
      // A numbered record adds an item: keep each request within BatchWriteItem's 25.
      while (requests.length > 0) {
        const batch = requests.slice(0, 25);
        requests = requests.slice(25);
        let pending: typeof batch = batch;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * attempt));
          const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
          pending = (out.UnprocessedItems?.[db.table] ?? []) as typeof batch;
        }
      }
      written += end - first;
      onProgress?.(written);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return performance.now() - started;
}
