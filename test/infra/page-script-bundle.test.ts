/**
 * The Lambda bundle carries the page script: the api handler, bundled as infra builds it,
 * serves `/assets/app.js` with the text esbuild builds from source, without esbuild at run time.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAppScript } from '../../functions/http/pages/client/build.js';
import { UnionflowStack } from '../../infra/stack.js';
import { testApp } from './support.js';

describe('the page script in the Lambda bundle', () => {
  it('is embedded in the api handler’s bundle, as built from source', () => {
    const app = testApp(true);
    new UnionflowStack(app, 'unionflow-script', { stage: 'script' });
    const assembly = app.synth();
    try {
      const codes = readdirSync(assembly.directory)
        .filter((name) => name.startsWith('asset.'))
        .map((asset) => readFileSync(join(assembly.directory, asset, 'index.mjs'), 'utf8'));
      const embedded = Buffer.from(buildAppScript(), 'utf8').toString('base64');
      // The api handler's (the timers' and the exports' serve no pages).
      expect(codes).toHaveLength(3);
      expect(codes.filter((code) => code.includes(embedded))).toHaveLength(1);
      // The build tool itself stays out of the bundle.
      for (const code of codes) expect(code).not.toMatch(/esbuild\/lib\/main/);
    } finally {
      rmSync(assembly.directory, { recursive: true, force: true });
    }
  }, 180_000);
});
