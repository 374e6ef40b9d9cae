/**
 * Builds the page script (`app.ts` beside this file, with the `forms/` code it imports) into
 * one minified browser file with the project's esbuild. Used at run time by `script.ts` when
 * the app runs from source (`npm start`, vitest), and at synth time by `infra/stack.ts`,
 * which embeds the result in the Lambda bundle (esbuild `define`), so Lambda never builds.
 */
import { buildSync } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_SCRIPT_ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'app.ts');

export function buildAppScript(): string {
  const out = buildSync({
    entryPoints: [APP_SCRIPT_ENTRY],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'safari14', 'firefox90'],
    platform: 'browser',
    legalComments: 'none',
  });
  return out.outputFiles[0].text;
}
