/**
 * What a union member reaches without an account, for 经费使用会员监督: a published disclosure
 * (by its link), and a query on one of its lines with a one-time code. The code's transaction
 * writes only the anonymous table: the code is used if and only if the query is kept there.
 * `releaseQueries` later turns every waiting query into a `fund-query` submission of the
 * union, created and submitted on the member's behalf, with nothing that names the code, its
 * round or the moment it was used (store/pending-queries.ts, docs/anonymity.md).
 */
import { apply, stepOf, type Actor } from '../../workflows/engine.js';
import { redeemCode } from '../store/codes.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import { pendingQueries, pendingQueryItem, releasePendingQuery, type PendingQuery } from '../store/pending-queries.js';
import { eventItem, inboxPuts, nextEvent, readSubmission, submissionItem, type Submission } from '../store/submissions.js';
import { currentForm } from './forms.js';
import { workflowAt, workflowFor } from './workflows.js';
import { afterTransition } from './actions.js';
import { ID_PATTERN, newDraft, type Deps } from './submissions.js';

const QUERY_FORM = 'fund-query';

/** The anonymous member as the record names them: nothing that leads back to a code or person. */
const memberActor = (org: { orgId: string; orgPath: string[] }): Actor => ({
  id: 'member',
  name: '会员（匿名） / Member (anonymous)',
  orgId: org.orgId,
  orgPath: org.orgPath,
  roles: ['member'],
});

const noDisclosure = () =>
  new DomainError('not_found', { zh: '没有这份已公开的经费收支信息', en: 'No such published disclosure' });

/** A disclosure members may read: one whose workflow step is declared visible to members. */
async function visibleDisclosure(deps: Deps, id: string): Promise<Submission> {
  if (!ID_PATTERN.test(id)) throw noDisclosure();
  const sub = await readSubmission(deps.db, id);
  const workflow = sub && (await workflowAt(deps, sub.formId, sub.workflowVersion));
  if (!sub || !workflow || stepOf(workflow, sub.step)?.visibleToMembers !== true) throw noDisclosure();
  return sub;
}

/** The member's view: the union, the figures and the policy warnings; no people, no workflow. */
export async function readDisclosure(deps: Deps, id: string) {
  const sub = await visibleDisclosure(deps, id);
  return {
    id: sub.id,
    formId: sub.formId,
    formVersion: sub.formVersion,
    orgName: sub.orgName,
    data: sub.data,
    computed: sub.computed,
    warnings: sub.warnings,
    publishedAt: sub.updatedAt,
    lastHash: sub.lastHash,
  };
}

export type QueryBody = { code: string; disclosureId: string; line: string; question: string };

/** The draft data of a query, checked against the current `fund-query` form. */
async function queryData(deps: Deps, disclosure: Submission, input: { line: unknown; question?: unknown }) {
  const form = await currentForm(deps, QUERY_FORM);
  const workflow = form && (await workflowFor(deps, QUERY_FORM, form.decl.version));
  if (!form || !workflow) throw notFound();
  const draft = form.validateDraft(input, { disclosureId: disclosure.id });
  if (!draft.ok) throw validationFailed(draft.issues);
  return { form, workflow, data: draft.data };
}

/**
 * The submission a query becomes, created and submitted by the anonymous member at `now`,
 * with its two sealed events; refused as the submit would be.
 */
function querySubmission(args: Awaited<ReturnType<typeof queryData>> & { disclosure: Submission; now: Date }) {
  const { form, workflow, data, disclosure, now } = args;
  const at = now.toISOString();
  const actor = memberActor(disclosure);
  const historyActor = { id: actor.id, name: actor.name, orgId: actor.orgId };
  const { sub: draftSub, event: created } = newDraft({ form, workflow, org: disclosure, actor: historyActor, data, at });
  const outcome = apply(workflow, form, draftSub, { action: 'submit' }, actor, now);
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, outcome.issues);
  const submitted = nextEvent(draftSub, outcome.event, historyActor, at);
  return { sub: afterTransition(draftSub, outcome, submitted), events: [created, submitted] };
}

/**
 * A member's query with a one-time code: checked now (the disclosure is published, the form
 * accepts it, a submit would pass), kept in the anonymous table with the code's use, and
 * released into the union's inbox by the next `releaseQueries`.
 */
export async function raiseQuery(deps: Deps, body: QueryBody): Promise<void> {
  const disclosure = await visibleDisclosure(deps, body.disclosureId);
  const checked = await queryData(deps, disclosure, { line: body.line, question: body.question });
  querySubmission({ ...checked, disclosure, now: deps.now() });
  const query: PendingQuery = {
    disclosureId: disclosure.id,
    orgId: disclosure.orgId,
    line: String(checked.data.line),
    ...(typeof checked.data.question === 'string' ? { question: checked.data.question } : {}),
  };
  await redeemCode(deps.db, body.code, 'fund-query', {
    // The code must be this union's; one opened for a disclosure queries that disclosure only.
    accepts: (owner) => owner.orgId === disclosure.orgId && (owner.submissionId === undefined || owner.submissionId === disclosure.id),
    items: () => [pendingQueryItem(deps.db, query)],
  });
}

/**
 * Every waiting query into its union's inbox, as a `fund-query` submission, all stamped with
 * one time. A query whose disclosure is gone, or whose form no longer accepts it, stays
 * waiting and is counted in `held`; logs carry counts only, never a query's content.
 */
export async function releaseQueries(deps: Deps): Promise<{ released: number; held: number }> {
  const now = deps.now();
  let released = 0;
  let held = 0;
  for (const query of await pendingQueries(deps.db)) {
    try {
      const disclosure = await readSubmission(deps.db, query.disclosureId);
      if (!disclosure || disclosure.orgId !== query.orgId) throw notFound();
      const checked = await queryData(deps, disclosure, { line: query.line, ...(query.question === undefined ? {} : { question: query.question }) });
      const { sub, events } = querySubmission({ ...checked, disclosure, now });
      const items = [
        { Put: { TableName: deps.db.table, Item: submissionItem(sub), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...events.map((event) => ({ Put: { TableName: deps.db.table, Item: eventItem(sub.id, event), ConditionExpression: 'attribute_not_exists(pk)' } })),
        ...inboxPuts(deps.db, sub),
      ];
      if (await releasePendingQuery(deps.db, query, items)) released += 1;
    } catch (error) {
      held += 1;
      if (!(error instanceof DomainError)) throw error;
    }
  }
  if (released + held > 0) console.log(JSON.stringify({ level: 'info', msg: 'member queries released', released, held }));
  return { released, held };
}
