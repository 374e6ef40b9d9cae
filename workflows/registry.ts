/** Every declared workflow, by the form it runs for. Adding a process is one line here. */
import { auditSubmissionWorkflow } from './audit-submission.js';
import { fundOversightWorkflow } from './fund-oversight.js';
import { fundQueryWorkflow } from './fund-query.js';
import { homeAssessmentWorkflow } from './home-assessment.js';
import type { WorkflowDeclaration } from './language.js';
import { checkWorkflow } from './schema.js';
import { unionRegistrationWorkflow } from './union-registration.js';

const declared = [unionRegistrationWorkflow, homeAssessmentWorkflow, fundOversightWorkflow, fundQueryWorkflow, auditSubmissionWorkflow];
// A declaration the schema refuses fails at start-up (and in every test), never in a request.
for (const workflow of declared) {
  const problems = checkWorkflow(workflow);
  if (problems.length > 0) throw new Error(`workflow ${workflow.id}: ${problems.join('; ')}`);
}

const byForm = new Map<string, WorkflowDeclaration>(declared.map((w) => [w.formId, w]));

export function workflowForForm(formId: string): WorkflowDeclaration | undefined {
  return byForm.get(formId);
}

export function allWorkflows(): WorkflowDeclaration[] {
  return [...byForm.values()];
}
