/** The API Lambda: the shared Hono app behind API Gateway's HTTP API (payload 2.0). */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/app.js';
import { dbFromEnv } from '../store/dynamo.js';

const app = createApp({
  db: dbFromEnv(),
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

export const handler = handle(app);
