/** Every declared workflow, by the form it runs for. Adding a process is one line here. */
import type { WorkflowDeclaration } from './language.js';
import { unionRegistrationWorkflow } from './union-registration.js';

const byForm = new Map<string, WorkflowDeclaration>([[unionRegistrationWorkflow.formId, unionRegistrationWorkflow]]);

export function workflowForForm(formId: string): WorkflowDeclaration | undefined {
  return byForm.get(formId);
}

export function allWorkflows(): WorkflowDeclaration[] {
  return [...byForm.values()];
}
