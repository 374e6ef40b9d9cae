/**
 * DynamoDB Local as `npm start`, the tests and the benches start it: without telemetry, which
 * would try to reach AWS and drops a metadata file into the working directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalDynamo } from '../../functions/store/local-dynamo.js';

describe('DynamoDB Local', () => {
  it('starts with telemetry disabled and leaves no metadata file in its data folder or working directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'unionflow-ddb-'));
    const dynamo = await startLocalDynamo({ dataDir });
    try {
      expect(dynamo.process.spawnargs).toContain('-disableTelemetry');
    } finally {
      await dynamo.stop();
    }
    expect(existsSync(join(dataDir, 'dynamodb-local-metadata.json'))).toBe(false);
    expect(existsSync(join(process.cwd(), 'dynamodb-local-metadata.json'))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
