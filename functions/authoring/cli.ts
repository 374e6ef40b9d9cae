/**
 * `npx unionflow-form`, offline, no server and no database:
 * - `unionflow-form <form.xlsx>`: the workbook's declaration, checked by the compiler, as JSON
 *   on stdout (ready for `POST /api/forms/{id}/versions`), or its issues on stderr, each at
 *   its sheet, row and column, with exit code 1;
 * - `unionflow-form export <formId> [out.xlsx]`: a built-in form as a workbook to start from
 *   (a word, not a `--flag`, because `npx` would take a flag for itself).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compileForm } from '../../forms/compile.js';
import { DECLARATIONS, currentVersion } from '../../forms/registry.js';
import { checkWorkbook, declarationWorkbook } from './workbook.js';

const USAGE = `用法 / usage:
  unionflow-form <form.xlsx>                    检查工作簿并输出 JSON 定义 / check a workbook, print its JSON declaration
  unionflow-form export <formId> [out.xlsx]     导出内置表单为工作簿 / write a built-in form as a workbook`;

type Out = { out: (text: string) => void; err: (text: string) => void };
const std: Out = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export async function main(args: string[], io: Out = std): Promise<number> {
  if (args[0] === 'export') {
    const id = args[1];
    const version = id === undefined ? undefined : currentVersion(id);
    const decl = DECLARATIONS.find((d) => d.id === id && d.version === version);
    if (!decl) {
      io.err(`没有这个表单 / no such form: ${id ?? ''}\n${USAGE}\n`);
      return 2;
    }
    const bytes = await declarationWorkbook(compileForm(decl).definition());
    const file = args[2] ?? `${decl.id}-v${decl.version}.xlsx`;
    writeFileSync(file, bytes);
    io.err(`${file}\n`);
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith('-')) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(args[0]);
  } catch (error) {
    io.err(`无法读取 / cannot read ${args[0]}: ${(error as Error).message}\n`);
    return 2;
  }
  const checked = await checkWorkbook(bytes);
  if (!checked.ok) {
    for (const issue of checked.issues) io.err(`${issue.path}: ${issue.message.zh} / ${issue.message.en}\n`);
    return 1;
  }
  io.out(`${JSON.stringify(checked.declaration, null, 2)}\n`);
  return 0;
}
