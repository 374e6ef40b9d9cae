/**
 * The export bench's records: N realistic union registrations (two unions, mixed kinds and
 * states, a year of dates), each with one sealed history event whose hash is its head, so
 * JSON Lines reads real histories. Written straight into the table with BatchWriteItem, or
 * made in memory a page at a time for the writer-alone runs.
 */
import { createHash } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { getForm } from '../forms/registry.js';
import { seal } from '../functions/records/chain.js';
import type { Db } from '../functions/store/dynamo.js';
import { eventItem, submissionItem, type Submission } from '../functions/store/submissions.js';
import { demoOrgs } from '../functions/seed.js';

export const form = getForm('union-registration')!;
const orgs = demoOrgs().filter((o) => o.type === 'grassroots');
const newId = monotonicFactory();
const STREETS = ['dinghailu', 'wujiaochang', 'siping', 'yinhang'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋'];

const person = (i: number) => SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 3) % GIVEN.length] : '');

/** One registration in one of three states, created `i` hours into the last year. */
export function submission(i: number, start: number): Submission {
  const org = orgs[i % orgs.length];
  const employees = 20 + ((i * 37) % 900);
  const federation = i % 5 === 0;
  const data: Record<string, unknown> = {
    ...form.example('2025-06-01'),
    kind: federation ? 'area-federation' : 'enterprise',
    name: `上海杨浦${i}号${federation ? '园区' : '科技有限公司'}`,
    street: STREETS[i % STREETS.length],
    address: `上海市杨浦区国定路 ${100 + (i % 900)} 号`,
    employees,
    femaleEmployees: Math.floor(employees * 0.4),
    intendedMembers: Math.floor(employees * 0.8),
    intendedFemaleMembers: Math.floor(employees * 0.3),
    leaderName: person(i),
    chairCandidate: person(i + 1),
    legalRepresentative: person(i + 2),
    plan: `一、成立筹备组（${person(i)}牵头）；二、宣传发动并发展会员 ${Math.floor(employees * 0.8)} 人；三、召开会员大会选举工会委员会；四、报区总工会审批；五、落实工会经费。`,
  };
  if (federation) {
    const share = Math.floor(employees / 3);
    data.coveredEnterprises = [0, 1, 2].map((k) => ({ name: `入驻企业 ${i}-${k}`, creditCode: '91310110MA1FL3K2XQ', employees: k < 2 ? share : employees - 2 * share }));
  }
  const at = new Date(start + i * 3_600_000).toISOString();
  const state = i % 3;
  const step = ['fill', 'street-review', 'approved'][state];
  return {
    id: newId(),
    formId: 'union-registration',
    formVersion: 1,
    orgId: org.id,
    orgName: org.name,
    orgPath: org.path,
    step,
    status: (['draft', 'in_review', 'approved'] as const)[state],
    data,
    computed: form.computed(data),
    warnings: [],
    version: 1 + state,
    assignees: [],
    reviewActed: state === 2,
    seq: 1 + state,
    lastHash: createHash('sha256').update(`event ${i}`).digest('hex'),
    ...(state === 2 ? { number: `YP-2025-${String(i).padStart(4, '0')}` } : {}),
    createdAt: at,
    updatedAt: at,
    createdBy: `${org.id}.submitter`,
  };
}

/** The submission item and its one sealed history event, whose hash is the submission's lastHash. */
function withEvent(sub: Submission): Record<string, unknown>[] {
  const event = seal({
    seq: 1,
    at: sub.createdAt,
    actor: { id: sub.createdBy, name: '干事', orgId: sub.orgId },
    action: 'create',
    step: 'fill',
    to: 'fill',
    status: 'draft',
    formId: sub.formId,
    formVersion: sub.formVersion,
    prevHash: '0'.repeat(64),
  });
  return [submissionItem({ ...sub, seq: 1, lastHash: event.hash }), eventItem(sub.id, event)];
}

/**
 * BatchWriteItem, 24 items a request, a few requests in flight, retrying what DynamoDB leaves
 * unprocessed. Each request's items are made when it is sent, so seeding holds a few requests
 * in memory whatever N is.
 */
export async function seed(db: Db, n: number): Promise<void> {
  const start = Date.now() - n * 3_600_000;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const first = next;
      next = Math.min(n, first + 12);
      const items = Array.from({ length: next - first }, (_, k) => withEvent(submission(first + k, start))).flat();
      let requests = items.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }));
        requests = (out.UnprocessedItems?.[db.table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The same rows the table holds, made in memory a page at a time (nothing read from DynamoDB). */
export async function* memoryPages(n: number): AsyncGenerator<Submission[]> {
  const start = Date.now() - n * 3_600_000;
  for (let i = 0; i < n; i += 100) yield Array.from({ length: Math.min(100, n - i) }, (_, k) => submission(i + k, start));
}
