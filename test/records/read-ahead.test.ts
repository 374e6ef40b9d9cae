/**
 * readAhead: the export asks for the next page while the current one is written, holds at
 * most one page ahead, raises a failure of the page read ahead when it is reached, and ends
 * its source when the consumer stops early.
 */
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../functions/records/exports.js';

/** A source of `n` pages that logs when each read starts and ends. */
function pages(n: number, log: string[], failAt?: number) {
  return (async function* () {
    try {
      for (let i = 0; i < n; i++) {
        log.push(`read ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`page ${i} failed`);
        log.push(`got ${i}`);
        yield i;
      }
    } finally {
      log.push('source ended');
    }
  })();
}

describe('readAhead', () => {
  it('starts reading page k+1 before page k is handled, and yields every page in order', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const page of readAhead(pages(3, log))) {
      log.push(`handle ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([0, 1, 2]);
    // Each read after the first is already under way when the page before it is handled.
    expect(log.indexOf('read 1')).toBeLessThan(log.indexOf('handle 0'));
    expect(log.indexOf('read 2')).toBeLessThan(log.indexOf('handle 1'));
  });

  it('holds at most one page ahead of the consumer', async () => {
    const log: string[] = [];
    const iterator = readAhead(pages(5, log));
    await iterator.next();
    await new Promise((r) => setTimeout(r, 30));
    expect(log.filter((l) => l.startsWith('read'))).toEqual(['read 0', 'read 1']);
    await iterator.return(undefined);
  });

  it('raises the failure of a page read ahead when the consumer reaches it, not before', async () => {
    const log: string[] = [];
    const iterator = readAhead(pages(3, log, 1));
    expect(await iterator.next()).toEqual({ value: 0, done: false });
    await new Promise((r) => setTimeout(r, 20)); // page 1 has failed by now, unobserved
    await expect(iterator.next()).rejects.toThrow('page 1 failed');
  });

  it('ends the source when the consumer stops early', async () => {
    const log: string[] = [];
    for await (const page of readAhead(pages(10, log))) if (page === 1) break;
    expect(log).toContain('source ended');
    expect(log.filter((l) => l.startsWith('read')).length).toBeLessThanOrEqual(3);
  });
});
