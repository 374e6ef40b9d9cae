/** Every declared workflow, by the form it runs for. Adding a process is one line here. */
import { auditSubmissionWorkflow } from './audit-submission.js';
import { fundOversightWorkflow } from './fund-oversight.js';
import { fundQueryWorkflow } from './fund-query.js';
import { homeAssessmentWorkflow } from './home-assessment.js';
import type { WorkflowDeclaration } from './language.js';
import { unionRegistrationWorkflow } from './union-registration.js';

const byForm = new Map<string, WorkflowDeclaration>(
  [unionRegistrationWorkflow, homeAssessmentWorkflow, fundOversightWorkflow, fundQueryWorkflow, auditSubmissionWorkflow].map((w) => [w.formId, w]),
);

export function workflowForForm(formId: string): WorkflowDeclaration | undefined {
  return byForm.get(formId);
}

export function allWorkflows(): WorkflowDeclaration[] {
  return [...byForm.values()];
}
