/**
 * Code rounds (会员评家 evaluation rounds, fund-use query rounds) and their anonymous answers.
 * A round is one item of the main table; its codes and its answer slots live in the anonymous
 * table (codes.ts). An evaluation round gets one empty slot per code, made with the codes and
 * in a random order; an answer fills an empty slot found from a random point. So an answer is never an
 * insert: neither a key, nor an item's place in storage, nor a change log can order answers
 * by when they came. The tally is counted from the slots whenever it is read.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CODE_PURPOSES, type TransactItem } from './codes.js';
import { gsi1Items, guarded, queryAll, type Db } from './dynamo.js';
import { anonKeys, keys, listing } from './keys.js';

export const CHOICES = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Choice = (typeof CHOICES)[number];

export type Tally = { answers: number; satisfied: number; basic: number; unsatisfied: number };

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

/** `count` empty answer slots for a round, under random ids (written with its codes). */
export function answerSlotItems(roundId: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, () => anonKeys.answerSlot(roundId, randomUUID()));
}

const slotsOf = (db: Db, roundId: string, rest: { FilterExpression?: string; ProjectionExpression: string; ExpressionAttributeNames?: Record<string, string> }) =>
  queryAll(
    db,
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': anonKeys.answerSlotsPartition(roundId) }, ConsistentRead: true, ...rest },
    db.anonTable,
  );

/** The first empty slot of a round in one key range, read a page of 25 slots at a time. */
async function firstEmptySlot(db: Db, roundId: string, range: 'from' | 'before', start: string) {
  let from: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.anonTable,
          KeyConditionExpression: range === 'from' ? 'pk = :pk AND sk >= :start' : 'pk = :pk AND sk < :start',
          FilterExpression: 'attribute_not_exists(answers)',
          ExpressionAttributeValues: { ':pk': anonKeys.answerSlotsPartition(roundId), ':start': start },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          Limit: 25,
          ExclusiveStartKey: from,
        }),
      ),
    );
    if (out.Items?.length) return out.Items[0];
    from = out.LastEvaluatedKey;
  } while (from);
  return undefined;
}

/**
 * The item that puts one member's answers into an empty slot of the round: the first empty
 * one after a random point among the slots' random ids (wrapping round), so the choice has
 * nothing to do with the code or the time, and a sparsely answered round costs a page, not
 * every slot. None when every slot is taken (there are as many slots as codes, so only a
 * round whose slots were never written). The slot keeps the answers and nothing else.
 */
export async function fillSlotItem(db: Db, roundId: string, answers: Record<string, unknown>): Promise<TransactItem | undefined> {
  const start = anonKeys.answerSlot(roundId, randomUUID()).sk;
  const slot = (await firstEmptySlot(db, roundId, 'from', start)) ?? (await firstEmptySlot(db, roundId, 'before', start));
  if (!slot) return undefined;
  return {
    Update: {
      TableName: db.anonTable,
      Key: { pk: slot.pk, sk: slot.sk },
      UpdateExpression: 'SET answers = :answers',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answers)',
      ExpressionAttributeValues: { ':answers': answers },
    },
  };
}

/** A round's tally, counted from its filled slots' `overall` choice. */
export async function roundTally(db: Db, roundId: string): Promise<Tally> {
  const filled = await slotsOf(db, roundId, {
    FilterExpression: 'attribute_exists(answers)',
    ProjectionExpression: '#answers.#overall',
    ExpressionAttributeNames: { '#answers': 'answers', '#overall': 'overall' },
  });
  const tally = { ...EMPTY_TALLY };
  for (const item of filled) {
    const overall = (item.answers as { overall?: unknown } | undefined)?.overall;
    tally.answers += 1;
    if (CHOICES.includes(overall as Choice)) tally[overall as Choice] += 1;
  }
  return tally;
}
