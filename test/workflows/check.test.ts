import { describe, it, expect } from 'vitest';
import { checkWorkflow, parseWorkflow } from '../../workflows/schema.js';
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
    for (const step of ['street-review', 'district-review', 'district-leader-review']) broken.steps[step].actions.reject = { to: 'fill', commentRequired: true };

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

describe('workflow registry: the four processes besides registration', () => {
  it.each(['home-assessment', 'fund-oversight', 'fund-query', 'audit-submission'])('finds the %s workflow by its form', (formId) => {
    expect(workflowForForm(formId)?.formId).toBe(formId);
  });
});

describe('checkWorkflow on broken declarations of the issue 4 shapes', () => {
  const audit = (): WorkflowDeclaration => structuredClone(workflowForForm('audit-submission')!);
  const home = (): WorkflowDeclaration => structuredClone(workflowForForm('home-assessment')!);

  it('reports a named action without a kind', () => {
    const broken = audit();
    delete broken.steps['audit-review'].actions['no-findings'].kind;

    expect(checkWorkflow(broken)).toContain('audit-review.no-findings has no kind');
  });

  it('reports a named action without a title', () => {
    const broken = audit();
    delete broken.steps['audit-review'].actions['raise-findings'].title;

    expect(checkWorkflow(broken)).toEqual(['audit-review.raise-findings has no title']);
  });

  it('reports a built-in name used for another kind', () => {
    const broken = copy();
    broken.steps['street-review'].actions.approve.kind = 'reject';

    expect(checkWorkflow(broken)).toEqual(['street-review.approve is a built-in name used for kind reject']);
  });

  it('reports an action that stays in its step but names a target', () => {
    const broken = copy();
    broken.steps['street-review'].actions.comment = { to: 'fill' };

    expect(checkWorkflow(broken)).toEqual(['street-review.comment stays in its step but names a target']);
  });

  it('reports several targets on an action that is not a return', () => {
    const broken = copy();
    broken.steps['street-review'].actions.reject = { to: ['rejected', 'fill'], commentRequired: true };

    expect(checkWorkflow(broken)).toEqual(['street-review.reject lists several targets, which only a return may']);
  });

  it('reports resume on an action that is not a return', () => {
    const broken = copy();
    broken.steps['street-review'].actions.approve.resume = 'direct';

    expect(checkWorkflow(broken)).toEqual(['street-review.approve has resume, which only a return has']);
  });

  it('reports a submit outside a fill step', () => {
    const broken = copy();
    broken.steps['street-review'].actions.submit = { to: 'district-review' };

    expect(checkWorkflow(broken)).toEqual(['street-review.submit submits outside a fill step']);
  });

  it('reports a return to a step that comes later', () => {
    const broken = home();
    broken.steps['street-review'].actions.return = { to: ['fill', 'district-review'], commentRequired: true };

    expect(checkWorkflow(broken)).toEqual(['street-review.return returns to district-review, which is not an earlier step']);
  });

  it('reports a return listing an undeclared step', () => {
    const broken = home();
    broken.steps['district-review'].actions.return = { to: ['fill', 'county-review'], resume: 'direct', commentRequired: true };

    expect(checkWorkflow(broken)).toEqual(['district-review.return leads to unknown step county-review']);
  });

  it('reports an edit pattern that starts with *', () => {
    const broken = home();
    broken.steps['street-review'].edits = { paths: ['*.score'], reasonRequired: true };

    expect(checkWorkflow(broken)).toEqual(['street-review edits *.score, which must start with a field key']);
  });

  it('reports an edit pattern with an empty segment', () => {
    const broken = audit();
    broken.steps.rectification.edits!.paths = ['findings..answer'];

    expect(checkWorkflow(broken)).toEqual(['rectification edits findings..answer, which has a segment that is neither a key nor *']);
  });

  it('reports locked rows naming a bad group', () => {
    const broken = audit();
    broken.steps.rectification.edits!.lockedRows = [{ group: '*', where: { field: 'verdict', filled: true } }];

    expect(checkWorkflow(broken)).toEqual(['rectification locks rows with a bad group or field']);
  });

  it('reports 会签 on a step that is not a review', () => {
    const broken = copy();
    broken.steps.fill.mode = 'all';

    expect(checkWorkflow(broken)).toEqual(['step fill is 会签 but not a review step']);
  });

  it('reports an end step that edits data', () => {
    const broken = copy();
    broken.steps.approved.edits = { paths: ['name'] };

    expect(checkWorkflow(broken)).toEqual(['end step approved edits data']);
  });

  it('reports a requirement that is not a condition of the language, at its path', () => {
    const broken = audit() as unknown as { steps: Record<string, { actions: Record<string, { requires: unknown[] }> }> };
    broken.steps['audit-review'].actions['raise-findings'].requires = [{ rowsAtLeast: ['findings', 1] }];

    expect(checkWorkflow(broken)).toEqual([expect.stringMatching(/^steps\.audit-review\.actions\.raise-findings\.requires\.0: /)]);
  });

  it('reports a requirement naming a bad path', () => {
    const broken = home();
    broken.steps['district-review'].actions.approve.requires = [{ that: { field: 'district Grade', filled: true } }];

    expect(checkWorkflow(broken)).toEqual(['district-review.approve requirement names a bad path district Grade']);
  });

  it('reports a requirement reading a parameter the workflow does not declare', () => {
    const broken = audit();
    broken.steps['audit-review'].actions['raise-findings'].requires = [{ that: { expr: { lte: [{ rows: 'findings' }, { param: 'maxFindings' }] } } }];

    expect(checkWorkflow(broken)).toEqual(['audit-review.raise-findings requirement reads parameter maxFindings, which the workflow does not declare']);
  });
});

describe('the workflow schema', () => {
  it.each(allWorkflows().map((w) => [w.id, w] as const))('parses %s as it is declared', (_id, workflow) => {
    expect(parseWorkflow(structuredClone(workflow))).toEqual({ ok: true, workflow });
  });

  it('reports a check across the declaration at the path it concerns', () => {
    const broken = copy();
    broken.steps['district-review'].actions.approve = { to: 'archived' };

    const checked = parseWorkflow(broken);

    expect(checked.ok ? [] : checked.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['steps', 'district-review', 'actions', 'approve', 'to'], message: 'district-review.approve leads to unknown step archived' },
      { path: ['steps', 'district-leader-review'], message: 'step district-leader-review cannot be reached' },
    ]);
  });

  it('refuses a key the language does not know, so a misspelt rule is never silently ignored', () => {
    const broken = { ...copy(), stpes: {} };

    expect(checkWorkflow(broken)).toEqual([expect.stringContaining('stpes')]);
  });

  it('refuses an assignee rule of an unknown kind at its path', () => {
    const broken = copy() as unknown as { steps: Record<string, { assignees: unknown }> };
    broken.steps['street-review'].assignees = { kind: 'everyone' };

    expect(checkWorkflow(broken)).toEqual([expect.stringMatching(/^steps\.street-review\.assignees\.kind: /)]);
  });

  it('refuses a status outside the one list of statuses', () => {
    const broken = copy() as unknown as { steps: Record<string, { status: string }> };
    broken.steps.approved.status = 'archived';

    expect(checkWorkflow(broken)).toEqual([expect.stringMatching(/^steps\.approved\.status: /)]);
  });
});
