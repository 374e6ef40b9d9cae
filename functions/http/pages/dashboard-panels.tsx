/**
 * The dashboard's four panels, each a chart and its table from the numbers the dashboard
 * service gives: the work plan's targets by month and by street, what waits per step and per
 * street, home-assessment grades and open audit findings.
 */
import type { Text } from '../../../forms/language.js';
import type { Count, Dashboard, TargetProgress } from '../../service/dashboard.js';
import { BarChart, Figure, TargetChart } from './charts.js';
import { Bi, both, useLang } from './layout.js';

const TOTAL: Text = { zh: '合计', en: 'Total' };

/** Whole percent of a target reached, rounded down: 24 of 25 is not yet 100 %. */
export const percentOf = (n: number, target: number) => (target > 0 ? Math.floor((n * 100) / target) : 0);

function CountTable({ head, rows }: { head: Text; rows: Count[] }) {
  return (
    <table>
      <thead><tr><th scope="col"><Bi t={head} /></th><th scope="col" class="num"><Bi t={{ zh: '数量', en: 'Count' }} /></th></tr></thead>
      <tbody>
        {rows.map((r) => <tr><th scope="row"><Bi t={r.label} /></th><td class="num">{r.count}</td></tr>)}
        <tr class="total"><th scope="row"><Bi t={TOTAL} /></th><td class="num">{rows.reduce((a, r) => a + r.count, 0)}</td></tr>
      </tbody>
    </table>
  );
}

function Target({ t, through }: { t: TargetProgress; through: number }) {
  const lang = useLang();
  const pct = percentOf(t.total, t.target);
  const label = both(
    { zh: `${t.label.zh}：已批准 ${t.total} 家，目标 ${t.target} 家，完成 ${pct}%`, en: `${t.label.en}: ${t.total} approved of a target of ${t.target} (${pct} %)` },
    lang,
  );
  let running = 0;
  return (
    <div class="target">
      <p class="progress">
        <strong class="big">{t.total}</strong> / {t.target}
        <span class="meta"><Bi t={{ zh: `已批准 / 目标，完成 ${pct}%`, en: `approved / target, ${pct} % reached` }} /></span>
      </p>
      <Figure
        id={`target-${t.key}`}
        title={{ zh: `${t.label.zh}：逐月累计`, en: `${t.label.en}: running total by month` }}
        label={label}
        chart={<TargetChart label={label} byMonth={t.byMonth} target={t.target} through={through} />}
        table={
          <table>
            <thead><tr><th scope="col"><Bi t={{ zh: '月份', en: 'Month' }} /></th><th scope="col" class="num"><Bi t={{ zh: '当月批准', en: 'Approved' }} /></th><th scope="col" class="num"><Bi t={{ zh: '累计', en: 'Running total' }} /></th></tr></thead>
            <tbody>
              {t.byMonth.map((n, i) => {
                running += n;
                return <tr><th scope="row"><Bi t={{ zh: `${i + 1} 月`, en: `Month ${i + 1}` }} /></th><td class="num">{n}</td><td class="num">{running}</td></tr>;
              })}
            </tbody>
          </table>
        }
      />
    </div>
  );
}

export function TargetsPanel({ data, through }: { data: Dashboard; through: number }) {
  const lang = useLang();
  const streets = data.targetsByStreet.map((s) => ({ label: s.label, value: Object.values(s.counts).reduce((a, b) => a + b, 0) }));
  // The chart shows the streets with approvals; the table lists every street, none included.
  const withAny = streets.filter((s) => s.value > 0);
  const label = both(
    { zh: `${data.year} 年有建会申请获批的街道 ${withAny.length} 个，其余街道为 0`, en: `${withAny.length} streets with registrations approved in ${data.year}; none in the others` },
    lang,
  );
  return (
    <section aria-labelledby="targets">
      <h2 id="targets"><Bi t={{ zh: '工作要点目标完成情况', en: 'The work plan’s targets' }} /></h2>
      {data.targets.map((t) => (
        <>
          <h3><Bi t={t.label} /></h3>
          <Target t={t} through={through} />
        </>
      ))}
      <h3><Bi t={{ zh: '按街道', en: 'By street' }} /></h3>
      <Figure
        id="targets-street"
        title={{ zh: '各街道批准的建会申请', en: 'Registrations approved, by street' }}
        label={label}
        chart={<BarChart label={label} bars={withAny} />}
        table={
          <table>
            <thead>
              <tr>
                <th scope="col"><Bi t={{ zh: '街道', en: 'Street' }} /></th>
                {data.targets.map((t) => <th scope="col" class="num"><Bi t={t.label} /></th>)}
                <th scope="col" class="num"><Bi t={TOTAL} /></th>
              </tr>
            </thead>
            <tbody>
              {data.targetsByStreet.map((s, i) => (
                <tr>
                  <th scope="row"><Bi t={s.label} /></th>
                  {data.targets.map((t) => <td class="num">{s.counts[t.key] ?? 0}</td>)}
                  <td class="num">{streets[i].value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

export function WaitingPanel({ data }: { data: Dashboard }) {
  const lang = useLang();
  const w = data.waiting;
  const stepLabel = both({ zh: `各环节待审 ${w.total} 件`, en: `${w.total} waiting, by step` }, lang);
  const streetLabel = both({ zh: `各街道待审 ${w.total} 件`, en: `${w.total} waiting, by street` }, lang);
  return (
    <section aria-labelledby="waiting">
      <h2 id="waiting"><Bi t={{ zh: '当前待审', en: 'Waiting for review now' }} /></h2>
      <p class="lead"><Bi t={{ zh: `共 ${w.total} 件在审。`, en: `${w.total} in review in all.` }} /></p>
      <Figure
        id="waiting-step"
        title={{ zh: '按环节', en: 'By step' }}
        label={stepLabel}
        chart={<BarChart label={stepLabel} bars={w.steps.map((s) => ({ label: s.label, value: s.count }))} />}
        table={<CountTable head={{ zh: '环节', en: 'Step' }} rows={w.steps} />}
      />
      <Figure
        id="waiting-street"
        title={{ zh: '按街道', en: 'By street' }}
        label={streetLabel}
        chart={<BarChart label={streetLabel} bars={w.streets.map((s) => ({ label: s.label, value: s.count }))} />}
        table={
          <table>
            <thead>
              <tr>
                <th scope="col"><Bi t={{ zh: '街道', en: 'Street' }} /></th>
                {w.steps.map((s) => <th scope="col" class="num"><Bi t={s.label} /></th>)}
                <th scope="col" class="num"><Bi t={TOTAL} /></th>
              </tr>
            </thead>
            <tbody>
              {w.streets.map((st) => (
                <tr>
                  <th scope="row"><Bi t={st.label} /></th>
                  {w.steps.map((s) => <td class="num">{w.cells[st.key]?.[s.key] ?? 0}</td>)}
                  <td class="num">{st.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

/** A panel of one count per category: the grades, the findings by severity. */
export function CountPanel({ id, title, head, chartLabel, rows, note }: { id: string; title: Text; head: Text; chartLabel: Text; rows: Count[]; note: Text }) {
  const lang = useLang();
  const total = rows.reduce((a, r) => a + r.count, 0);
  const label = both({ zh: `${chartLabel.zh}，共 ${total}`, en: `${chartLabel.en}, ${total} in all` }, lang);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}><Bi t={title} /></h2>
      <p class="lead"><Bi t={note} /></p>
      <Figure
        id={`${id}-chart`}
        title={chartLabel}
        label={label}
        chart={<BarChart label={label} bars={rows.map((r) => ({ label: r.label, value: r.count }))} />}
        table={<CountTable head={head} rows={rows} />}
      />
    </section>
  );
}
