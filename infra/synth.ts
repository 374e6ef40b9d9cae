/**
 * Plain `cdk synth` entry, offline: `npm run synth` (= `tsx infra/synth.ts`), STAGE=<name>
 * to pick the stage (default `dev`), SEED_DEMO=1 to turn demo seeding on,
 * UNIONFLOW_PUBLIC_URL for the app's public address, INSTALL_NATIVE_MODULES=1 to put argon2's linux-arm64 build in the bundle as a deploy does
 * (needs the npm registry or cache; see nativeModuleBundling in stack.ts). Writes the cloud
 * assembly to `cdk.out/` (git-ignored). The API function is bundled with the local esbuild:
 * no Docker, no network. Deploys go through SST (`npx sst deploy --stage <name>`).
 */
import { App } from 'aws-cdk-lib';
import { UnionflowStack } from './stack.js';

const stage = process.env.STAGE ?? 'dev';
const app = new App({ outdir: 'cdk.out' });
new UnionflowStack(app, `unionflow-${stage}`, {
  stage,
  seedDemo: process.env.SEED_DEMO === '1',
  publicUrl: process.env.UNIONFLOW_PUBLIC_URL,
  installNativeModules: process.env.INSTALL_NATIVE_MODULES === '1',
});
app.synth();
