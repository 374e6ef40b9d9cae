import { describe, expect, it } from 'vitest';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { workflowForForm } from '../../workflows/registry.js';
import { actionTitle, STATUS_TITLES, statusTitle, stepTitle } from '../../workflows/words.js';

const registration = workflowForForm('union-registration') as WorkflowDeclaration;

describe('the words of the workflow language', () => {
  it('calls a status what the registration workflow calls the step that ends in it', () => {
    for (const step of Object.values(registration.steps).filter((s) => s.kind === 'end')) {
      expect(STATUS_TITLES[step.status!].zh, step.status).toBe(step.title.zh);
    }
  });

  it('shows a status the language does not know as it is', () => {
    expect(statusTitle('archived')).toEqual({ zh: 'archived', en: 'archived' });
  });

  it('titles a recorded action by its declared title, else by its kind, else by its name', () => {
    const declared: WorkflowDeclaration = {
      ...registration,
      steps: { ...registration.steps, fill: { ...registration.steps.fill, actions: { ...registration.steps.fill.actions, submit: { to: 'street-review', title: { zh: '报送', en: 'Send' } } } } },
    };
    expect(actionTitle(declared, { step: 'fill', action: 'submit' }).zh).toBe('报送');
    expect(actionTitle(registration, { step: 'fill', action: 'submit' }).zh).toBe('提交');
    // 撤回 is opened by the workflow without the step declaring it.
    expect(actionTitle(registration, { step: 'street-review', action: 'withdraw' }).zh).toBe('撤回');
    expect(actionTitle(registration, { step: 'gone', action: 'stamp' })).toEqual({ zh: 'stamp', en: 'stamp' });
    expect(actionTitle(registration, { step: 'fill', action: 'create' }).zh).toBe('创建草稿');
  });

  it('titles a step the workflow no longer declares by its name', () => {
    expect(stepTitle(registration, 'street-review').zh).toBe(registration.steps['street-review'].title.zh);
    expect(stepTitle(registration, 'old-step')).toEqual({ zh: 'old-step', en: 'old-step' });
  });
});
