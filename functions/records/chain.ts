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

/**
 * Recompute the chain. The first position whose sequence, link or hash does not hold is
 * named; a deleted event is named by its own (missing) sequence number.
 */
export function verifyChain(events: HistoryEvent[]): VerifyResult {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const intact = event.seq === i + 1 && event.prevHash === prev && hashEvent(event) === event.hash;
    // The position where the chain breaks: for a deleted event, the missing sequence number.
    if (!intact) return { ok: false, events: events.length, firstBadSeq: i + 1 };
    prev = event.hash;
  }
  return { ok: true, events: events.length };
}
