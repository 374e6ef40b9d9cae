#!/usr/bin/env node
// `npx unionflow-verify <export.jsonl> [--checkpoints <dir> --key <file>]`: re-verifies an
// export's records offline. The code is TypeScript, run through tsx (a dependency), so the
// verifier is the server's own chain.ts and nothing needs building first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/records/verify-cli.ts');
process.exitCode = await main(process.argv.slice(2));
