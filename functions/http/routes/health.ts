/** `GET /health`: 200 once the database answers, 503 otherwise. */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    try {
      await deps.db.doc.send(new DescribeTableCommand({ TableName: deps.db.table }));
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false, error: { code: 'unavailable', message: '数据库未响应 / The database did not answer' } }, 503);
    }
  });
}
