/**
 * The page script computes what the server computes: for every declared form a union fills,
 * the form's example (and variations of it) read back from the page's own inputs and computed
 * by the page's code (fill-data.ts, which the script bundles) equals the server's
 * `compileForm(...).computed`. The bundled script itself is small (and, in test/e2e/fill.test.ts,
 * writes the server's values into the page as the person types).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DECLARATIONS, getForm } from '../../forms/registry.js';
import { startersOf } from '../../forms/language.js';
import { computeValues, enteredOf, pageModel, readData } from '../../functions/http/pages/fill-data.js';
import { buildAppScript } from '../../functions/http/pages/client/build.js';

const TODAY = '2026-12-01';
const filled = [...new Set(DECLARATIONS.filter((d) => startersOf(d).includes('submitter')).map((d) => d.id))];

/** The example, and the example with each number changed: other branches of every `if` and band. */
function variants(formId: string): Record<string, unknown>[] {
  const example = getForm(formId)!.example(TODAY);
  const out = [example, {}];
  for (const [key, value] of Object.entries(example)) {
    if (typeof value === 'number') out.push({ ...example, [key]: 0 }, { ...example, [key]: value * 3 + 7 });
    else if (typeof value === 'boolean') out.push({ ...example, [key]: !value });
    else if (typeof value === 'string') out.push({ ...example, [key]: undefined });
  }
  return out.map((d) => JSON.parse(JSON.stringify(d)));
}

describe('page and server compute the same values', () => {
  it.each(filled)('for %s, from the page’s own inputs', (formId) => {
    const form = getForm(formId)!;
    const model = pageModel(form);
    for (const data of variants(formId)) {
      const { data: read, problems } = readData(model, enteredOf(model, data));
      expect(problems).toEqual([]);
      // Unticked boxes read as false on the page; the server computes from what is stored, the same read.
      expect(computeValues(model, read)).toEqual(form.computed(read));
    }
  });

  it('reads the example back from its inputs as the data it was (money in fen, rows, scores)', () => {
    for (const formId of filled) {
      const form = getForm(formId)!;
      const model = pageModel(form);
      const example = form.example(TODAY);
      const { data } = readData(model, enteredOf(model, example));
      for (const [key, value] of Object.entries(example)) expect(data[key], `${formId}.${key}`).toEqual(value);
    }
  });
});

describe('the bundled page script', () => {
  const script = buildAppScript();

  it('is small: no zod, under 60 KB gzipped', () => {
    expect(script).not.toMatch(/ZodError|zod/i);
    expect(gzipSync(script).length).toBeLessThan(60 * 1024);
  });
});

