/**
 * Code rounds (会员评家 evaluation rounds, fund-use query rounds) and their anonymous answers.
 * A round is one item with a running tally; each answer is one item under the round holding
 * the answers only, written in the same transaction that uses the code (codes.ts).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CODE_PURPOSES, type TransactItem } from './codes.js';
import { gsi1Items, guarded, type Db } from './dynamo.js';
import { keys, listing } from './keys.js';

export const CHOICES = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Choice = (typeof CHOICES)[number];

const tallySchema = z.object({ answers: z.number().int(), satisfied: z.number().int(), basic: z.number().int(), unsatisfied: z.number().int() });
export type Tally = z.infer<typeof tallySchema>;

export const roundSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgPath: z.array(z.string()).min(1),
  purpose: z.enum(CODE_PURPOSES),
  submissionId: z.string().optional(),
  title: z.string().optional(),
  count: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  tally: tallySchema,
});
export type Round = z.infer<typeof roundSchema>;

export const EMPTY_TALLY: Tally = { answers: 0, satisfied: 0, basic: 0, unsatisfied: 0 };

/** The round goes in after its codes, and only once. */
export async function putRound(db: Db, round: Round): Promise<void> {
  await guarded(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...keys.round(round.id), ...listing.roundsOf(round.orgId), ...listing.roundSort(round.createdAt, round.id), ...round },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

export async function readRound(db: Db, id: string): Promise<Round | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.round(id), ConsistentRead: true })));
  return out.Item ? roundSchema.parse(out.Item) : undefined;
}

/** An organisation's rounds, oldest first; a union opens a handful a year, so no paging. */
export async function listRounds(db: Db, orgId: string, submissionId?: string): Promise<Round[]> {
  const rounds = (await gsi1Items(db, listing.roundsOf(orgId).gsi1pk)).map((item) => roundSchema.parse(item));
  return submissionId === undefined ? rounds : rounds.filter((r) => r.submissionId === submissionId);
}

/**
 * The items an evaluation adds to the code's transaction: the answer, under a random id and
 * with nothing else (no code, time, sequence or person), and the round's tally. The tally is
 * a nested map, which ADD cannot reach, hence SET x = x + 1.
 */
export function evaluationItems(db: Db, roundId: string, answers: Record<string, unknown>, overall: Choice): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.roundAnswer(roundId, randomUUID()), answers },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: db.table,
        Key: keys.round(roundId),
        UpdateExpression: 'SET #tally.#answers = #tally.#answers + :one, #tally.#choice = #tally.#choice + :one',
        ConditionExpression: 'attribute_exists(pk) AND #purpose = :purpose',
        ExpressionAttributeNames: { '#tally': 'tally', '#answers': 'answers', '#choice': overall, '#purpose': 'purpose' },
        ExpressionAttributeValues: { ':one': 1, ':purpose': 'evaluation' },
      },
    },
  ];
}
