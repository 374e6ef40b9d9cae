/**
 * The SST v2 app: `npx sst deploy --stage <name>`. Thin on purpose: everything lives in the
 * plain CDK stack in infra/stack.ts, which `infra/synth.ts` and the tests also use.
 *
 * SST v2's App is a cdk.App (same aws-cdk-lib 2.72.1, which sst@2 pins), so the stack is
 * added directly instead of through `app.stack(fn)`; SST still tags it and checks that its
 * name carries the stage (`unionflow-<stage>` ends in `-<stage>`). Plain CDK functions are not
 * live-reloaded by `sst dev`: local development is `npm start`.
 */
import type { SSTConfig } from 'sst';
import { UnionflowStack } from './infra/stack.js';

export default {
  config() {
    return {
      name: 'unionflow',
      // Hong Kong, the closest commercial AWS region. The China regions (cn-north-1,
      // cn-northwest-1) are a separate partition (aws-cn) needing their own account and
      // ICP filing, so a China deployment is its own decision, not a region flag.
      region: process.env.AWS_REGION ?? 'ap-east-1',
    };
  },
  stacks(app) {
    new UnionflowStack(app, `unionflow-${app.stage}`, {
      stage: app.stage,
      env: { account: app.account, region: app.region },
      // Demo organisations and accounts only when asked for: SEED_DEMO=1 npx sst deploy ...
      seedDemo: process.env.SEED_DEMO === '1',
      // Required: UNIONFLOW_PUBLIC_URL=https://unionflow.example.cn npx sst deploy ...
      publicUrl: process.env.UNIONFLOW_PUBLIC_URL,
      // A deploy is online, so install argon2 with its linux-arm64 binary into the bundle.
      installNativeModules: true,
    });
  },
} satisfies SSTConfig;
