import { defineConfig } from 'vitest/config';

/**
 * The pure tests only (no DynamoDB Local, so no globalSetup), for mutation testing of the
 * engine and the form compiler: `npm run test:mutation` (stryker.config.mjs).
 */
export default defineConfig({
  test: {
    include: ['test/workflows/**/*.test.ts', 'test/forms/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
