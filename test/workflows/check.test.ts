import { describe, it, expect } from 'vitest';
import { checkWorkflow } from '../../workflows/check.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { allWorkflows, workflowForForm } from '../../workflows/registry.js';
import { unionRegistrationWorkflow } from '../../workflows/union-registration.js';

/** A deep copy of the union-registration workflow to break on purpose. */
const copy = (): WorkflowDeclaration => structuredClone(unionRegistrationWorkflow);

describe('workflow registry', () => {
  it('lists the union-registration workflow', () => {
    expect(allWorkflows().map((w) => w.id)).toContain('union-registration');
  });

  it('finds a workflow by the form it runs for', () => {
    expect(workflowForForm('union-registration')).toBe(unionRegistrationWorkflow);
  });

  it('finds no workflow for an unknown form', () => {
    expect(workflowForForm('no-such-form')).toBeUndefined();
  });
});

describe('checkWorkflow on the declared workflows', () => {
  it.each(allWorkflows().map((w) => [w.id, w] as const))('finds no problems in %s', (_id, workflow) => {
    expect(checkWorkflow(workflow)).toEqual([]);
  });
});

describe('checkWorkflow on broken declarations', () => {
  it('reports a moving action that names no target step', () => {
    const broken = copy();
    delete broken.steps['street-review'].actions.approve!.to;

    expect(checkWorkflow(broken)).toContain('street-review.approve names no target step');
  });

  it('reports an action leading to an undeclared step', () => {
    const broken = copy();
    broken.steps['district-review'].actions.approve = { to: 'archived' };

    expect(checkWorkflow(broken)).toContain('district-review.approve leads to unknown step archived');
  });

  it.each(['constructor', 'toString', '__proto__'])('reports an action leading to %s, which is not a declared step', (name) => {
    const broken = copy();
    broken.steps.fill.actions.submit = { to: name };

    expect(checkWorkflow(broken)).toContain(`fill.submit leads to unknown step ${name}`);
  });

  it('reports an initial step named after an Object.prototype member', () => {
    const broken = { ...copy(), initial: 'toString' };

    expect(checkWorkflow(broken)).toContain('initial step toString is not declared');
  });

  it('reports a step no action leads to', () => {
    const broken = copy();
    broken.steps['district-review'].actions.reject = { to: 'fill', commentRequired: true };
    broken.steps['street-review'].actions.reject = { to: 'fill', commentRequired: true };

    expect(checkWorkflow(broken)).toEqual(['step rejected cannot be reached']);
  });

  it('reports an end step that opens actions', () => {
    const broken = copy();
    broken.steps.approved.actions = { comment: {} };

    expect(checkWorkflow(broken)).toEqual(['end step approved opens actions']);
  });

  it('reports an initial step that is not declared', () => {
    const broken = { ...copy(), initial: 'draft' };

    expect(checkWorkflow(broken)).toContain('initial step draft is not declared');
  });

  it('reports withdrawUntilActedIn naming an undeclared step', () => {
    const broken = { ...copy(), withdrawUntilActedIn: 'first-review' };

    expect(checkWorkflow(broken)).toEqual(['withdrawUntilActedIn names unknown step first-review']);
  });

  it('reports a step that is not an end step and has no assignees', () => {
    const broken = copy();
    delete broken.steps['district-review'].assignees;

    expect(checkWorkflow(broken)).toEqual(['step district-review has no assignees']);
  });

  it('reports every problem of a declaration at once', () => {
    const broken = copy();
    delete broken.steps['street-review'].actions.approve!.to;
    broken.steps.rejected.actions = { remind: {} };

    expect(checkWorkflow(broken)).toEqual([
      'street-review.approve names no target step',
      'end step rejected opens actions',
      'step district-review cannot be reached',
    ]);
  });
});
