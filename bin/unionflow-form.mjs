#!/usr/bin/env node
// `npx unionflow-form`: form declarations to and from .xlsx workbooks, offline. The code is
// TypeScript, run through tsx (a dependency), so nothing needs building first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/authoring/cli.ts');
process.exitCode = await main(process.argv.slice(2));
