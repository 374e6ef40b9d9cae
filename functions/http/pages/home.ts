/**
 * `GET /`: what a person who opens the address sees. The pages for each role come with their
 * own issue; until then this says what the service is and where its doors are.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { bi, html, layout, PAGE_HEADERS } from './html.js';

const title = { zh: 'unionflow 工会表单与审批', en: 'unionflow: union forms and approvals' };

const body = html`<h1>${bi(title)}</h1>
<p>${bi({
  zh: '基层工会在线填报，街道与区总工会审核审批，经审人员查阅并核验每一条记录。',
  en: 'Grassroots unions file online; street and district unions review and approve; auditors read and verify every record.',
})}</p>
<h2>${bi({ zh: '会员服务（无需账号）', en: 'For members (no account needed)' })}</h2>
<ul>
  <li><a href="/m/evaluate">${bi({ zh: '会员评家问卷', en: 'Member evaluation of the workers’ home' })}</a></li>
  <li><a href="/m/query">${bi({ zh: '经费使用监督意见', en: 'A query on the use of union funds' })}</a></li>
</ul>
<h2>${bi({ zh: '接口', en: 'API' })}</h2>
<ul>
  <li><code>POST /api/session</code> ${bi({ zh: '登录', en: 'sign in' })}</li>
  <li><code>GET /api/forms</code> ${bi({ zh: '表单', en: 'forms' })}</li>
  <li><code>GET /api/inbox</code> ${bi({ zh: '待办', en: 'what waits for you' })}</li>
  <li><code>GET /health</code></li>
</ul>`;

export function homePage() {
  return new Hono<AppEnv>().get('/', (c) => c.html(layout(title, body), 200, PAGE_HEADERS));
}
