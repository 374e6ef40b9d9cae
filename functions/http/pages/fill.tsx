/**
 * `/fill/{id}`: the submitting union's submitter fills a draft (or a returned submission),
 * rendered from the declaration of the submission's own form version. `POST` takes the
 * form's `intent`: `save` (saveDraft, then back to the page), `add-row:<path>` and
 * `remove-row:<path>:<n>` (the draft saved with a row more or less, and the page shown again:
 * rows work without JavaScript) and `submit` (the workflow's submit action, as
 * `POST /api/submissions/{id}/actions` takes it, then to the record). Files chosen in the
 * form are uploaded first (fill-upload.ts). Anyone who may not edit the submission sees the
 * same 404 as for a submission that does not exist.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { editScope, covers } from '../../../workflows/engine-edits.js';
import { stepOf } from '../../../workflows/engine-transitions.js';
import { actionKind } from '../../../workflows/language.js';
import { previewRoute } from '../../../workflows/route-preview.js';
import type { Caller } from '../../auth/scope.js';
import { MAX_ATTACHMENT_BYTES } from '../../files/limits.js';
import { act } from '../../service/actions.js';
import { definitionOf, getVisible, history, saveDraft } from '../../service/submissions.js';
import { getOrg } from '../../store/accounts.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError, notFound } from '../../store/errors.js';
import type { AppEnv } from '../env.js';
import { addRow, enteredOf, pageModel, readData, removeRow, type Entered } from './fill-data.js';
import { FillPage, type Returned } from './fill-page.js';
import { storeUpload, type FileDeps } from './fill-upload.js';
import { listAt, withFile } from './fill-rows.js';
import { appScript } from './client/script.js';
import { pageHeadersWith, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';

const T = {
  tooLarge: { zh: '文件过大：每个文件不超过 20 MB', en: 'The file is too large: at most 20 MB each' },
  saved: { zh: '草稿已保存。', en: 'Draft saved.' },
  conflict: {
    zh: '保存前，此填报已被修改（可能在另一个窗口）。您填写的内容仍在下方，未保存；再次保存将以这些内容为准。',
    en: 'This submission changed before you saved (perhaps in another window). What you typed is below, not saved; saving again keeps it.',
  },
  problems: { zh: '请更正下列问题后再保存。', en: 'Correct the problems below, then save.' },
} satisfies Record<string, Text>;

type Status = 200 | 409 | 422;

/** May the caller edit it here? The rule `saveDraft` applies: the union's own submitter, in a fill step. */
async function editable(deps: FileDeps, caller: Caller, id: string) {
  const sub = await getVisible(deps, caller, id);
  if (!(caller.orgId === sub.orgId && caller.roles.includes('submitter'))) throw notFound();
  const defs = await definitionOf(deps, sub);
  return { sub, ...defs, fill: stepOf(defs.workflow, sub.step)?.kind === 'fill' };
}

type Editable = Awaited<ReturnType<typeof editable>>;

/** Top-level fields the fill step may not change (a later step owns them): shown, and carried over as stored. */
function lockedKeys({ form, workflow, sub }: Editable): Set<string> {
  const fields = form.decl.sections.flatMap((s) => s.fields);
  const scope = editScope(workflow, sub.step, fields);
  const locked = new Set<string>();
  for (const f of fields) {
    const open = !scope ? false : 'only' in scope ? scope.only.some((p) => covers(p, f.key) || p.startsWith(`${f.key}.`)) : !scope.except.some((p) => covers(p, f.key));
    if (!open) locked.add(f.key);
  }
  return locked;
}

/** What a later step owns stays as stored: an unticked box read from no input is not a change. */
function keepLocked(data: Record<string, unknown>, locked: Set<string>, stored: Record<string, unknown>): void {
  for (const key of locked) {
    if (Object.hasOwn(stored, key)) data[key] = stored[key];
    else delete data[key];
  }
}

/** The return that sent it back: the last event that left it returned, with the fields it names (edits made with it). */
async function lastReturn(deps: FileDeps, caller: Caller, e: Editable): Promise<Returned | undefined> {
  if (e.sub.status !== 'returned') return undefined;
  const events = await history(deps, caller, e.sub.id);
  const event = [...events].reverse().find((ev) => ev.status === 'returned' && ev.to === e.sub.step);
  if (!event) return undefined;
  const named = new Set<string>();
  const changes = event.changes ?? {};
  for (const p of Array.isArray(changes.fields) ? changes.fields : []) if (typeof p === 'string') named.add(p);
  for (const edit of Array.isArray(changes.edits) ? changes.edits : []) if (typeof edit?.path === 'string') named.add(edit.path);
  const labels = new Map(e.form.decl.sections.flatMap((s) => s.fields).map((f) => [f.key, f.label]));
  const fields = [...named].flatMap((path) => {
    const label = labels.get(path.split('.')[0]);
    return label ? [{ path, label }] : [];
  });
  return { comment: event.comment, at: event.at, by: event.actor.name, fields };
}

async function renderFill(c: Context<AppEnv>, deps: FileDeps, e: Editable, status: Status, entered: Entered, issues: FormIssue[], notice?: { kind: 'ok' | 'alert'; text: Text }) {
  const caller = c.get('caller');
  const model = pageModel(e.form);
  const locked = lockedKeys(e);
  const { data } = readData(model, entered);
  keepLocked(data, locked, e.sub.data);
  const computed = e.form.computed(data);
  const preview = previewRoute({ workflow: e.workflow, from: e.sub.step, data, computed, orgPath: e.sub.orgPath, now: deps.now() });
  const orgIds = [...new Set(preview.steps.flatMap((s) => s.who.flatMap((w) => ('orgId' in w ? [w.orgId] : []))))];
  const names = new Map(
    await Promise.all(orgIds.map(async (id) => {
      const org = await getOrg(deps.db, id);
      return [id, { name: org?.name ?? id, nameEn: org?.nameEn }] as const;
    })),
  );
  const title = e.form.decl.title;
  return renderPage(
    c,
    status,
    { title, user: signedIn(c) },
    <FillPage
      title={title}
      description={e.form.decl.description}
      sub={e.sub}
      model={model}
      computedLabels={Object.fromEntries(e.form.decl.computed.map((x) => [x.key, x.label]))}
      entered={entered}
      issues={issues}
      notice={notice}
      stored={e.sub.data}
      view={{ ...data, ...computed }}
      computed={computed}
      locked={locked}
      returned={await lastReturn(deps, caller, e)}
      preview={{ ...preview, org: (id) => names.get(id) ?? { name: id } }}
      csrf={signedIn(c)!.csrfToken}
      scriptHref={(await appScript()).href}
    />,
  );
}

/** What the form posted, as text by input name, and the files chosen, by the path they are for. */
function posted(body: Record<string, string | File>): { entered: Entered; files: [string, File][] } {
  const entered: Entered = new Map();
  const files: [string, File][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf' || name === 'intent' || name === 'version') continue;
    if (typeof value === 'string') entered.set(name, value);
    else if (name.endsWith('.file') && value.size > 0) files.push([name.slice(0, -'.file'.length), value]);
  }
  return { entered, files };
}

const refusal = (error: unknown): DomainError | undefined => {
  const domain = toDomainError(error);
  return domain instanceof DomainError && (domain.code === 'validation_failed' || domain.code === 'version_conflict') ? domain : undefined;
};

export function fillPages(deps: FileDeps) {
  const app = new Hono<AppEnv>();
  // The page script uploads straight to the file store when that is not the app (S3).
  app.use('*', pageHeadersWith(deps.files.uploadOrigin ? [deps.files.uploadOrigin] : []));
  app.use(
    '*',
    pageBodyLimit(MAX_ATTACHMENT_BYTES + 1024 * 1024, T.tooLarge),
  );
  app.use('*', pageSession(deps, 'required'));
  app.onError(pageError);

  app.get('/:id', async (c) => {
    const e = await editable(deps, c.get('caller'), c.req.param('id'));
    if (!e.fill) return c.redirect(`/submissions/${e.sub.id}`, 303);
    const notice = c.req.query('saved') === '1' ? { kind: 'ok' as const, text: T.saved } : undefined;
    return renderFill(c, deps, e, 200, enteredOf(pageModel(e.form), e.sub.data), [], notice);
  });

  app.post('/:id', async (c) => {
    const caller = c.get('caller');
    let e = await editable(deps, caller, c.req.param('id'));
    if (!e.fill) return c.redirect(`/submissions/${e.sub.id}`, 303);
    const body = (await c.req.parseBody()) as Record<string, string | File>;
    const intent = typeof body.intent === 'string' ? body.intent : 'save';
    const version = Number(body.version);
    let { entered, files } = posted(body);
    const model = pageModel(e.form);

    const issues: FormIssue[] = [];
    for (const [path, file] of files) {
      const list = listAt(model, path);
      if (!list) continue;
      const stored = await storeUpload(deps, caller, file, path);
      if (stored.ok) entered = withFile(entered, path, stored.ref, list.max);
      else issues.push(...stored.issues);
    }
    const [verb, path, n] = intent.split(':');
    const list = path === undefined ? undefined : listAt(model, path);
    if (verb === 'add-row' && list) entered = addRow(entered, path, list.max);
    if (verb === 'remove-row' && list) entered = removeRow(entered, path, Number(n), list.max);

    const read = readData(model, entered);
    issues.push(...read.problems);
    if (issues.length > 0) return renderFill(c, deps, e, 422, entered, issues);
    keepLocked(read.data, lockedKeys(e), e.sub.data);

    try {
      if (intent === 'submit') {
        const step = stepOf(e.workflow, e.sub.step)!;
        const action = Object.entries(step.actions).find(([name, decl]) => actionKind(name, decl) === 'submit')?.[0] ?? 'submit';
        await act(deps, caller, e.sub.id, { action, version, data: read.data });
        return c.redirect(`/submissions/${e.sub.id}`, 303);
      }
      const saved = await saveDraft(deps, caller, e.sub.id, { data: read.data, version });
      if (verb !== 'add-row' && verb !== 'remove-row') return c.redirect(`/fill/${e.sub.id}?saved=1`, 303);
      // The page again, with the row added or removed (an empty new row is not data yet).
      return renderFill(c, deps, { ...e, sub: saved }, 200, entered, []);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      if (refused.code === 'version_conflict') {
        e = await editable(deps, caller, e.sub.id);
        return renderFill(c, deps, e, 409, entered, [], { kind: 'alert', text: T.conflict });
      }
      // A refusal without issues (none today) still says what it was, as the summary's one problem.
      const found = refused.issues?.length ? refused.issues : [{ path: '', message: refused.text ?? T.problems }];
      return renderFill(c, deps, e, 422, entered, found);
    }
  });

  app.all('*', () => {
    throw notFound();
  });
  return app;
}

