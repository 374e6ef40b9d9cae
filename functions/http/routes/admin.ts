/**
 * The admin's API (`/api/admin`, README): organisations, accounts, 特约经审员 assignments and
 * the log of every change. Each route answers `forbidden` to anyone but the admin.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import * as admin from '../../service/admin.js';
import { ORG_TYPES } from '../../store/accounts.js';
import { ROLES } from '../../../workflows/language.js';
import { parseWith, readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { forgetSession } from '../middleware/session.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().max(64);
// Any of the five roles parses; the service refuses `member` with the reason.
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length * 2);
const orgIds = z.array(id).max(500);

const newOrg = z.strictObject({ id, name: text(100), nameEn: text(200).optional(), type: z.enum(ORG_TYPES), parentId: id.optional() });
// `parentId` and `type` are named so that a move is refused with its reason, not as an unknown field.
const orgPatch = z.strictObject({ name: text(100).optional(), nameEn: text(200).optional(), parentId: z.unknown().optional(), type: z.unknown().optional() });
const newAccount = z.strictObject({ id, name: text(100), orgId: id, roles, password: z.string().max(1024), assignedOrgIds: orgIds.optional() });
const accountPatch = z.strictObject({ name: text(100).optional(), roles: roles.optional(), password: z.string().max(1024).optional(), disabled: z.boolean().optional() });
const assignments = z.strictObject({ orgIds });
const usersQuery = z.strictObject({ orgId: id });
const logQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    admin.assertAdmin(c.get('caller'));
    await next();
  });

  app.get('/orgs', async (c) => c.json({ items: await admin.orgTree(deps) }));
  app.post('/orgs', async (c) => c.json(await admin.createOrg(deps, c.get('caller'), await readJson(c, newOrg)), 201));
  app.patch('/orgs/:id', async (c) => c.json(await admin.renameOrg(deps, c.get('caller'), c.req.param('id'), await readJson(c, orgPatch))));

  app.get('/users', async (c) => c.json({ items: await admin.accountsOf(deps, parseWith(usersQuery, c.req.query()).orgId) }));
  app.post('/users', async (c) => c.json(await admin.createAccount(deps, c.get('caller'), await readJson(c, newAccount)), 201));

  app.patch('/users/:id', async (c) => {
    const changed = await admin.updateAccount(deps, c.get('caller'), c.req.param('id'), await readJson(c, accountPatch));
    // Ended here at once; other processes drop their cached copy within the cache's 10 s.
    changed.endedSessions.forEach(forgetSession);
    return c.json(changed.account);
  });

  app.put('/users/:id/assignments', async (c) => {
    const changed = await admin.setAssignments(deps, c.get('caller'), c.req.param('id'), (await readJson(c, assignments)).orgIds);
    changed.endedSessions.forEach(forgetSession);
    return c.json(changed.account);
  });

  app.get('/log', async (c) => {
    const { month, limit, cursor } = parseWith(logQuery, c.req.query());
    return c.json(await admin.adminLog(deps, month, limit, cursor));
  });

  return app;
}
