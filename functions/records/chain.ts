/**
 * The history hash chain (API.md): each event's `hash` is the lowercase hex SHA-256 of the
 * RFC 8785 canonical JSON of the event without its `hash`; `prevHash` is the previous event's
 * hash, and the first event's is 64 zeros. Anyone can re-verify with any language.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// The package is CommonJS with a default-export typing; normalise the call once.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export const GENESIS_HASH = '0'.repeat(64);

export type HistoryActor = { id: string; name: string; orgId: string };

export type HistoryEvent = {
  seq: number;
  at: string;
  actor: HistoryActor;
  action: string;
  /** The step the action was taken in. */
  step: string;
  /** The step it led to (the same step for comment, remind, transfer). */
  to: string;
  status: string;
  formId: string;
  formVersion: number;
  comment?: string;
  changes?: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no canonical JSON form');
  return text;
}

export function hashEvent(event: Omit<HistoryEvent, 'hash'> | HistoryEvent): string {
  const { hash: _ignored, ...rest } = event as HistoryEvent;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** Seal an event: compute its hash from everything else in it. */
export function seal(event: Omit<HistoryEvent, 'hash'>): HistoryEvent {
  return { ...event, hash: hashEvent(event) };
}

export type VerifyResult = { ok: boolean; events: number; firstBadSeq?: number };

/** The chain's integrity alone (see `checkIntegrity`), in the shape of the first `/verify`. */
export function verifyChain(events: HistoryEvent[]): VerifyResult {
  const { ok, firstBadSeq } = checkIntegrity(events);
  return ok ? { ok, events: events.length } : { ok, events: events.length, firstBadSeq };
}

/** Where a chain ends: the sequence number and hash of its last event. */
export type ChainHead = { seq: number; hash: string };

/** Why an event breaks the chain: its own content, its link to the one before, or its place. */
export type BreakReason = 'hash' | 'link' | 'sequence';

export type Integrity = { ok: boolean; firstBadSeq?: number; reason?: BreakReason };

/**
 * Every event hashes to its own `hash`, links to the one before and stands at its place.
 * `sequence` comes first: a reordered or missing event is named as out of place, not as a
 * bad link, since that is what happened to it.
 */
export function checkIntegrity(events: readonly HistoryEvent[]): Integrity {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const reason: BreakReason | undefined =
      event.seq !== i + 1 ? 'sequence' : event.prevHash !== prev ? 'link' : hashEvent(event) !== event.hash ? 'hash' : undefined;
    if (reason) return { ok: false, firstBadSeq: i + 1, reason };
    prev = event.hash;
  }
  return { ok: true };
}

/** A checkpoint's word on one chain: its head when the checkpoint was signed. */
export type CheckpointedHead = ChainHead & { checkpoint: number; at: string };

export type CompletenessReason = 'shorter-than-record' | 'longer-than-record' | 'head-differs' | 'shorter-than-checkpoint' | 'differs-from-checkpoint';

export type Completeness = {
  ok: boolean;
  /** The record's own head (seq, lastHash), which the chain must end at. */
  record: ChainHead;
  firstBadSeq?: number;
  reason?: CompletenessReason;
  /** Absent when no signed checkpoint covers the record yet. */
  checkpoint?: CheckpointedHead & { ok: boolean };
};

/**
 * The chain ends where the record says, and passes through the head the latest checkpoint
 * covering it signed. The record alone catches a deleted last event; only the checkpoint
 * catches a chain truncated or rewritten together with the record's head, because the
 * checkpoint lives where the table's writers cannot reach.
 */
export function checkCompleteness(events: readonly HistoryEvent[], record: ChainHead, checkpoint?: CheckpointedHead): Completeness {
  const at = (seq: number) => events[seq - 1]?.hash;
  let checked: Completeness['checkpoint'];
  let fromCheckpoint: Pick<Completeness, 'firstBadSeq' | 'reason'> | undefined;
  if (checkpoint) {
    const ok = at(checkpoint.seq) === checkpoint.hash;
    checked = { ...checkpoint, ok };
    if (!ok) {
      fromCheckpoint =
        events.length < checkpoint.seq
          ? { firstBadSeq: events.length + 1, reason: 'shorter-than-checkpoint' }
          : // A checkpoint knows only the head, so the earliest position it proves changed is that head.
            { firstBadSeq: checkpoint.seq, reason: 'differs-from-checkpoint' };
    }
  }
  let fromRecord: Pick<Completeness, 'firstBadSeq' | 'reason'> | undefined;
  if (events.length < record.seq) fromRecord = { firstBadSeq: events.length + 1, reason: 'shorter-than-record' };
  else if (events.length > record.seq) fromRecord = { firstBadSeq: record.seq + 1, reason: 'longer-than-record' };
  else if (record.seq > 0 && at(record.seq) !== record.hash) fromRecord = { firstBadSeq: record.seq, reason: 'head-differs' };
  // The checkpoint's finding is the stronger one: the record's head is in the same table as the chain.
  const bad = fromCheckpoint ?? fromRecord;
  return { ok: !bad, record, ...bad, ...(checked ? { checkpoint: checked } : {}) };
}

export type RecordVerification = {
  ok: boolean;
  events: number;
  firstBadSeq?: number;
  integrity: Integrity;
  completeness: Completeness;
};

/** The one verification of a record, shared by `/verify`, the pages and the offline verifier. */
export function verifyRecord(events: readonly HistoryEvent[], record: ChainHead, checkpoint?: CheckpointedHead): RecordVerification {
  const integrity = checkIntegrity(events);
  const completeness = checkCompleteness(events, record, checkpoint);
  const firstBadSeq = integrity.firstBadSeq ?? completeness.firstBadSeq;
  return {
    ok: integrity.ok && completeness.ok,
    events: events.length,
    ...(firstBadSeq === undefined ? {} : { firstBadSeq }),
    integrity,
    completeness,
  };
}
