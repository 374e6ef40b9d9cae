/**
 * Starts DynamoDB Local once for the whole test run (in memory, on a free port) and hands
 * its endpoint to the tests through `inject('dynamoEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalDynamo, type LocalDynamo } from '../../functions/store/local-dynamo.js';

let dynamo: LocalDynamo | undefined;

export default async function setup(project: TestProject) {
  dynamo = await startLocalDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
