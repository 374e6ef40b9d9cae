/**
 * `GET /health`: 200 once the database answers, 503 otherwise, and within HEALTH_TIMEOUT_MS
 * either way: a database that accepts connections and never replies must not hold the check
 * for the client's whole retry budget.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';

export const HEALTH_TIMEOUT_MS = 1500;

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const signal = AbortSignal.timeout(HEALTH_TIMEOUT_MS);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), HEALTH_TIMEOUT_MS);
    });
    try {
      // The abort ends the request itself; the race answers even if an attempt ignores it.
      await Promise.race([deps.db.doc.send(new DescribeTableCommand({ TableName: deps.db.table }), { abortSignal: signal }), late]);
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false, error: { code: 'unavailable', message: '数据库未响应 / The database did not answer' } }, 503);
    } finally {
      clearTimeout(timer);
    }
  });
}
