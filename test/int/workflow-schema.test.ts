/**
 * GET /api/schemas/workflow-declaration: the JSON Schema of the workflow declaration
 * language, for editors, generated from the one Zod schema the server checks declarations with.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allWorkflows } from '../../workflows/registry.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Json = Record<string, any>;

describe('the workflow declaration schema', () => {
  let env: TestEnv;
  let admin: Client;
  let schema: Json;

  beforeAll(async () => {
    env = await setupEnv();
    admin = await signIn(env.app, 'admin');
    const res = await admin.json('GET', '/api/schemas/workflow-declaration');
    expect(res.status).toBe(200);
    schema = res.body;
  });

  it('is JSON Schema draft 2020-12 of a workflow declaration', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$defs.WorkflowDeclaration).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'formId', 'initial', 'steps']) });
  });

  it('lists the one set of statuses', () => {
    expect(schema.$defs.StepDecl.properties.status.enum).toEqual(['draft', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn', 'completed', 'closed']);
  });

  it('tells assignee rules apart by kind', () => {
    const kinds = schema.$defs.AssigneeRule.oneOf.map((rule: Json) => rule.properties.kind.const).sort();
    expect(kinds).toEqual(['assignedAuditor', 'orgAtDepth', 'ownOrg', 'submitter']);
  });

  it('describes requirements in the forms’ condition language', () => {
    const requirement = JSON.stringify(schema.$defs.Requirement);
    expect(requirement).toContain('#/$defs/Condition');
    expect(schema.$defs.Condition.anyOf.length).toBeGreaterThan(0);
  });

  it('refuses keys the language does not know in a step', () => {
    expect(schema.$defs.StepDecl.additionalProperties).toBe(false);
  });

  it('names every top-level key the declared workflows use', () => {
    const keys = new Set(allWorkflows().flatMap((w) => Object.keys(w)));
    expect([...keys].filter((k) => !Object.hasOwn(schema.$defs.WorkflowDeclaration.properties, k))).toEqual([]);
  });

  it('needs a session, like the forms’ schemas', async () => {
    const res = await env.app.request('/api/schemas/workflow-declaration');
    expect(res.status).toBe(401);
  });
});
