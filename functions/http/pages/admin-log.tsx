/**
 * The admin log (`adminLog`): one Asia/Shanghai month of changes, newest first, 50 a page,
 * with the months before and after and the next page by the service's cursor.
 */
import type { Hono } from 'hono';
import type { Text } from '../../../forms/language.js';
import * as admin from '../../service/admin.js';
import { shanghaiDate } from '../../../workflows/calendar.js';
import { badRequest } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { adminPage, Crumbs } from './admin-common.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, Scroll } from './layout.js';

const TITLE: Text = { zh: '管理日志', en: 'Admin log' };
const PAGE = 50;

const ACTION: Record<string, Text> = {
  'org.create': { zh: '新建组织', en: 'Created an organisation' },
  'org.rename': { zh: '组织更名', en: 'Renamed an organisation' },
  'user.create': { zh: '新建账号', en: 'Created an account' },
  'user.update': { zh: '修改账号', en: 'Changed an account' },
  'user.assign': { zh: '设置定点联系', en: 'Set assignments' },
  'form.publish': { zh: '发布表单版本', en: 'Published a form version' },
  'workflow.publish': { zh: '发布流程版本', en: 'Published a workflow version' },
};

/** The month before or after `month` (YYYY-MM). */
function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function registerLogPage(app: Hono<AppEnv>, deps: AppDeps) {
  app.get('/log', async (c) => {
    const month = c.req.query('month') || undefined;
    const cursor = c.req.query('cursor') || undefined;
    if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest({ zh: '月份应为 YYYY-MM', en: 'A month is YYYY-MM' });
    if (cursor !== undefined && cursor.length > 512) throw badRequest({ zh: '分页游标无效', en: 'The cursor is not valid' });
    const page = await admin.adminLog(deps, month, PAGE, cursor);
    const thisMonth = shanghaiDate(deps.now()).slice(0, 7);
    const q = (m: string) => `/admin/log?month=${m}`;
    return adminPage(
      c,
      200,
      TITLE,
      <>
        <Crumbs trail={[]} />
        <h1><Bi t={TITLE} /><span class="lead"> · {page.month}</span></h1>
        <form method="get" action="/admin/log" class="inline-form">
          <label class="label" for="month"><Bi t={{ zh: '月份', en: 'Month' }} /></label>
          <input type="month" id="month" name="month" value={page.month} />
          <button type="submit" class="secondary"><Bi t={{ zh: '查看', en: 'Show' }} /></button>
        </form>
        <p>
          <a href={q(shift(page.month, -1))}><Bi t={{ zh: '上个月', en: 'Previous month' }} /></a>
          {page.month < thisMonth ? <> · <a href={q(shift(page.month, 1))}><Bi t={{ zh: '下个月', en: 'Next month' }} /></a></> : null}
        </p>
        {page.items.length === 0 ? (
          <p class="lead"><Bi t={{ zh: '这个月没有管理操作。', en: 'No admin changes this month.' }} /></p>
        ) : (
          <Scroll label={{ zh: '管理日志', en: 'Admin log' }}>
            <table>
              <thead><tr>
                <th scope="col"><Bi t={{ zh: '时间', en: 'When' }} /></th>
                <th scope="col"><Bi t={{ zh: '操作人', en: 'Who' }} /></th>
                <th scope="col"><Bi t={{ zh: '操作', en: 'What' }} /></th>
                <th scope="col"><Bi t={{ zh: '对象', en: 'On' }} /></th>
                <th scope="col"><Bi t={{ zh: '改动', en: 'Changed' }} /></th>
              </tr></thead>
              <tbody>
                {page.items.map((e) => (
                  <tr>
                    <td class="num">{shanghaiTime(e.at)}</td>
                    <td>{e.actor.name} <code>{e.actor.id}</code></td>
                    <td><Bi t={ACTION[e.action] ?? { zh: e.action, en: e.action }} /></td>
                    <td><code>{e.target.kind}:{e.target.id}</code></td>
                    <td>{e.changed.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        {page.nextCursor ? <p><a href={`/admin/log?month=${page.month}&cursor=${encodeURIComponent(page.nextCursor)}`}><Bi t={{ zh: '更早的记录', en: 'Older entries' }} /></a></p> : null}
      </>,
    );
  });
}
