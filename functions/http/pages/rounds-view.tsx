/**
 * What the rounds pages show: the union's rounds with their tallies, and the form that opens
 * one (purpose, the submission it belongs to, how many codes, a title). The codes themselves
 * are shown once, on the code sheet (code-sheet.tsx), never here.
 */
import type { FormIssue, Text } from '../../../forms/language.js';
import { satisfactionRate, type CountedRound } from '../../service/rounds.js';
import type { CodePurpose } from '../../store/codes.js';
import { FieldError, invalidAttrs } from './fields.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, useLang } from './layout.js';
import { ErrorSummary } from './signin.js';

export const PURPOSE_TEXT: Record<CodePurpose, Text> = {
  evaluation: { zh: '会员评家 · 评议码', en: 'Member evaluation codes' },
  'fund-query': { zh: '经费使用监督 · 监督码', en: 'Fund-use query codes' },
};

/** The form each purpose's round belongs to (service/rounds.ts checks it again). */
export const PURPOSE_OF_FORM: Record<string, CodePurpose> = { 'home-assessment': 'evaluation', 'fund-oversight': 'fund-query' };

export const T = {
  title: { zh: '评议码与监督码', en: 'Code rounds' },
  lead: { zh: '本单位发放的一次性码：会员用评议码参加会员评家，用监督码对经费收支公开提出监督意见。', en: 'One-time codes your union handed out: members answer the evaluation with 评议码 and raise fund-use queries with 监督码.' },
  none: { zh: '还没有发放过。', en: 'None handed out yet.' },
  open: { zh: '发放一批新码', en: 'Open a new round' },
  newTitle: { zh: '发放一批一次性码', en: 'Open a round of one-time codes' },
  newLead: { zh: '生成后只显示一次：系统只保存码的摘要，请立即打印或下载，逐个发给会员。', en: 'The codes are shown once: only their hashes are kept. Print or download them at once.' },
  purpose: { zh: '用途', en: 'Purpose' },
  submission: { zh: '关联的填报', en: 'The submission it belongs to' },
  submissionHelp: { zh: '会员评家须关联本单位填报中的职工之家建设自评；监督码可关联经费收支公开。', en: 'An evaluation belongs to your home assessment while it is being filled; query codes may belong to a fund disclosure.' },
  noSubmission: { zh: '不关联（仅限监督码）', en: 'None (query codes only)' },
  count: { zh: '数量', en: 'How many codes' },
  countHelp: { zh: '每位受邀会员一个，1 至 2000 个。', en: 'One per member you invite, from 1 to 2000.' },
  roundTitle: { zh: '批次名称（可选）', en: 'Name of the round (optional)' },
  roundTitleHelp: { zh: '例如“2026 年会员评家”，印在码单上。', en: 'For example “2026 member evaluation”; printed on the sheet.' },
  format: { zh: '生成为', en: 'Produce' },
  html: { zh: '可打印的码单', en: 'A sheet to print' },
  csv: { zh: 'CSV 文件（用于邮件合并）', en: 'A CSV file (for a mail merge)' },
  submit: { zh: '生成一次性码', en: 'Produce the codes' },
  back: { zh: '返回评议码批次', en: 'Back to the code rounds' },
  created: { zh: '发放时间', en: 'Opened' },
  answers: { zh: '答卷', en: 'Answers' },
  tally: { zh: '满意 / 基本满意 / 不满意', en: 'Satisfied / fair / not' },
  rate: { zh: '满意率', en: 'Satisfaction' },
  linked: { zh: '关联填报', en: 'Submission' },
} satisfies Record<string, Text>;

/** (满意 + 基本满意) / answers as a percentage with one decimal; a dash before the first answer. */
export function rateText(round: CountedRound): string {
  const rate = satisfactionRate(round.tally);
  return rate === null ? '—' : `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;
}

export function RoundsTable({ rounds }: { rounds: CountedRound[] }) {
  if (rounds.length === 0) return <p><Bi t={T.none} /></p>;
  return (
    <div class="scroll rounds" tabindex={0} role="region" aria-label="评议码批次 / Code rounds">
      <table>
        <thead>
          <tr>
            <th scope="col"><Bi t={T.purpose} /></th>
            <th scope="col"><Bi t={T.created} /></th>
            <th scope="col" class="num"><Bi t={T.count} /></th>
            <th scope="col" class="num"><Bi t={T.answers} /></th>
            <th scope="col"><Bi t={T.tally} /></th>
            <th scope="col" class="num"><Bi t={T.rate} /></th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((r) => (
            <tr>
              <td>
                <Bi t={PURPOSE_TEXT[r.purpose]} />
                {r.title ? <span class="meta">{r.title}</span> : null}
                {r.submissionId ? <span class="meta"><a href={`/submissions/${encodeURIComponent(r.submissionId)}`}><Bi t={T.linked} /></a></span> : null}
              </td>
              <td class="when">{shanghaiTime(r.createdAt)}</td>
              <td class="num">{r.count}</td>
              <td class="num">{r.purpose === 'evaluation' ? r.tally.answers : '—'}</td>
              <td>{r.purpose === 'evaluation' ? `${r.tally.satisfied} / ${r.tally.basic} / ${r.tally.unsatisfied}` : '—'}</td>
              <td class="num">{r.purpose === 'evaluation' ? rateText(r) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type Candidate = { id: string; label: Text };
export type OpenEntered = { purpose: string; submission: string; count: string; title: string; format: string };

function Radios({ name, value, options, message }: { name: string; value: string; options: { value: string; label: Text }[]; message?: Text }) {
  return (
    <fieldset class={message ? 'invalid' : undefined} {...(message ? { 'aria-describedby': `e-${name}` } : {})}>
      <legend><Bi t={name === 'purpose' ? T.purpose : T.format} /></legend>
      <FieldError id={name} message={message} />
      {options.map((o, i) => (
        <label class="opt">
          <input type="radio" name={name} value={o.value} id={i === 0 ? name : `${name}-${o.value}`} checked={o.value === value || undefined} />
          <Bi t={o.label} />
        </label>
      ))}
    </fieldset>
  );
}

export function OpenForm({ entered, candidates, issues, csrf }: { entered: OpenEntered; candidates: Candidate[]; issues: FormIssue[]; csrf: string }) {
  const lang = useLang();
  const byField = new Map(issues.map((i) => [i.path, i.message]));
  const text = (t: Text) => (lang === 'en' ? t.en : t.zh);
  const field = (key: 'count' | 'title', label: Text, help: Text, attrs: Record<string, string | number>) => (
    <div class={byField.has(key) ? 'field invalid' : 'field'}>
      <label class="label" for={key}><Bi t={label} /></label>
      <p class="help" id={`h-${key}`}><Bi t={help} /></p>
      <FieldError id={key} message={byField.get(key)} />
      <input type="text" id={key} name={key} value={entered[key]} {...attrs} {...invalidAttrs(key, byField.get(key))} aria-describedby={byField.has(key) ? `e-${key} h-${key}` : `h-${key}`} />
    </div>
  );
  return (
    <>
      <ErrorSummary issues={issues} />
      <h1><Bi t={T.newTitle} /></h1>
      <p class="lead"><Bi t={T.newLead} /></p>
      <form method="post" action="/rounds" class="open-round" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <Radios name="purpose" value={entered.purpose} message={byField.get('purpose')} options={(['evaluation', 'fund-query'] as const).map((p) => ({ value: p, label: PURPOSE_TEXT[p] }))} />
        <div class={byField.has('submission') ? 'field invalid' : 'field'}>
          <label class="label" for="submission"><Bi t={T.submission} /></label>
          <p class="help" id="h-submission"><Bi t={T.submissionHelp} /></p>
          <FieldError id="submission" message={byField.get('submission')} />
          <select id="submission" name="submission" aria-describedby={byField.has('submission') ? 'e-submission h-submission' : 'h-submission'} {...(byField.has('submission') ? { 'aria-invalid': 'true' } : {})}>
            <option value="" selected={entered.submission === '' || undefined}>{text(T.noSubmission)}</option>
            {candidates.map((c) => <option value={c.id} selected={c.id === entered.submission || undefined}>{text(c.label)}</option>)}
          </select>
        </div>
        {field('count', T.count, T.countHelp, { inputmode: 'numeric', autocomplete: 'off', maxlength: 6 })}
        {field('title', T.roundTitle, T.roundTitleHelp, { maxlength: 200, autocomplete: 'off' })}
        <Radios name="format" value={entered.format} options={[{ value: 'html', label: T.html }, { value: 'csv', label: T.csv }]} />
        <button type="submit"><Bi t={T.submit} /></button>
      </form>
      <p><a href="/rounds"><Bi t={T.back} /></a></p>
    </>
  );
}

const LINK_TEXT: Record<CodePurpose, Text> = {
  evaluation: { zh: '会员评家：为本自评发放评议码，并查看答卷统计', en: 'Member evaluation: hand out codes for this assessment, and see the answers' },
  'fund-query': { zh: '会员监督：为本次公开发放监督码', en: 'Member oversight: hand out query codes for this disclosure' },
};

/**
 * The way from a submission to its rounds, for the union's submitter: a home assessment while
 * it is filled (members' answers count only until it is submitted), a fund disclosure any time.
 */
export function RoundLink({ formId, subId, filling }: { formId: string; subId: string; filling: boolean }) {
  const purpose = PURPOSE_OF_FORM[formId];
  if (!purpose || (purpose === 'evaluation' && !filling)) return null;
  return (
    <p class="round-link">
      <a href={`/rounds/new?submission=${encodeURIComponent(subId)}`}><Bi t={LINK_TEXT[purpose]} /></a>
      {' · '}<a href="/rounds"><Bi t={T.title} /></a>
    </p>
  );
}
