/** Synthesising the stack offline for the CDK tests, into temporary folders removed after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UnionflowStack, type UnionflowStackProps } from '../../infra/stack.js';

const outdirs: string[] = [];
function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk.out-unionflow-test-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** An app that synthesizes into a temp folder; bundling skipped unless `bundle` is set. */
export function testApp(bundle = false): App {
  return new App({
    outdir: tempOutdir(),
    context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
}

export function synth(props: Partial<UnionflowStackProps> = {}) {
  const stack = new UnionflowStack(testApp(), 'unionflow-test', { stage: 'test', ...props });
  return { stack, template: Template.fromStack(stack) };
}

export const logicalId = (stack: Stack, element: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(element.node.defaultChild as CfnElement);

