/**
 * The one verification (records/chain.ts), pure: integrity and completeness each fail for their
 * own reasons, at their own event, and the checkpoint's finding outranks the record's.
 */
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, seal, verifyRecord, type HistoryEvent } from '../../functions/records/chain.js';

function chain(n: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    events.push(
      seal({
        seq,
        at: `2030-01-0${seq}T00:00:00.000Z`,
        actor: { id: 'u', name: '甲', orgId: 'o' },
        action: seq === 1 ? 'create' : 'comment',
        step: 'fill',
        to: 'fill',
        status: 'draft',
        formId: 'f',
        formVersion: 1,
        prevHash: seq === 1 ? GENESIS_HASH : events[seq - 2].hash,
      }),
    );
  }
  return events;
}
const headOf = (events: HistoryEvent[]) => ({ seq: events.length, hash: events[events.length - 1].hash });
const signedAt = (events: HistoryEvent[], seq: number) => ({ seq, hash: events[seq - 1].hash, checkpoint: 1, at: '2030-01-09T00:00:00.000Z' });

describe('verifyRecord', () => {
  const events = chain(4);

  it('passes an intact chain that ends at the record’s head and through the checkpoint’s', () => {
    expect(verifyRecord(events, headOf(events), signedAt(events, 3))).toMatchObject({ ok: true, events: 4, integrity: { ok: true }, completeness: { ok: true, checkpoint: { ok: true } } });
  });

  it('names an event longer than the record says', () => {
    expect(verifyRecord(events, headOf(events.slice(0, 3)))).toMatchObject({ ok: false, firstBadSeq: 4, completeness: { reason: 'longer-than-record' } });
  });

  it('names a record whose head is not the chain’s last hash', () => {
    expect(verifyRecord(events, { seq: 4, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, firstBadSeq: 4, completeness: { reason: 'head-differs' } });
  });

  it('names a changed event by its hash, and a re-hashed one by the next link', () => {
    const changed = events.map((e) => (e.seq === 2 ? { ...e, comment: 'x' } : e));
    expect(verifyRecord(changed, headOf(events)).integrity).toEqual({ ok: false, firstBadSeq: 2, reason: 'hash' });
    const resealed = events.map((e) => (e.seq === 2 ? seal({ ...e, comment: 'x' }) : e));
    expect(verifyRecord(resealed, headOf(events)).integrity).toEqual({ ok: false, firstBadSeq: 3, reason: 'link' });
  });

  it('prefers the checkpoint’s finding: the record’s head is in the same table as the chain', () => {
    const cut = events.slice(0, 2);
    expect(verifyRecord(cut, headOf(events), signedAt(events, 3)).completeness).toMatchObject({ firstBadSeq: 3, reason: 'shorter-than-checkpoint' });
  });
});
