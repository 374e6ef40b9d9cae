/**
 * The member pages' bodies: the 会员评家 questionnaire, the 监督意见 form, their confirmations
 * and the shared pieces (the one-time code field, the problem summary). Rendering only: the
 * routes in member-pages.tsx decide which page and status.
 */
import type { CompiledForm, FieldDecl, FormIssue, Text } from '../../../forms/language.js';
import { ANSWER_PATH } from '../code-sheet.js';
import type { LineOption } from './disclosure-view.js';
import { type Entered, Field, FieldError, invalidAttrs, issuesByField, type IssuesByField, memberFields } from './fields.js';
import { Bi, useLang } from './layout.js';

export const CODE_LABEL = {
  evaluation: { zh: '评议码', en: 'Evaluation code' },
  'fund-query': { zh: '监督码', en: 'Oversight code' },
} satisfies Record<keyof typeof ANSWER_PATH, Text>;

const FIX_BELOW: Text = { zh: '填写内容有误，请按下方提示修改后重新提交。', en: 'Some answers need attention; see the notes below and submit again.' };

/** Problems that belong to no field shown (a rule on the whole form) are listed at the top. */
function Summary({ issues, shown }: { issues: FormIssue[]; shown: Set<string> }) {
  if (issues.length === 0) return null;
  const loose = issues.filter((i) => !shown.has(i.path.split('.')[0]));
  return (
    <div class="alert" role="alert">
      <p><Bi t={FIX_BELOW} /></p>
      {loose.map((i) => <p class="error"><Bi t={i.message} /></p>)}
    </div>
  );
}

/** The code field; `code` is only ever a value the member typed on this very page or link. */
function CodeField({ purpose, code, issues }: { purpose: keyof typeof CODE_LABEL; code: string; issues: IssuesByField }) {
  const message = issues.get('code');
  return (
    <div class={`field code${message ? ' invalid' : ''}`}>
      <label class="label" for="f-code"><Bi t={CODE_LABEL[purpose]} /></label>
      <p class="help"><Bi t={{ zh: '见工会发给您的纸条，如 ABCD-EFGH-JKMN；每个码只能使用一次', en: 'As printed on the slip from your union, e.g. ABCD-EFGH-JKMN; each code works once' }} /></p>
      <FieldError id="code" message={message} />
      <input type="text" id="f-code" name="code" value={code} maxlength={64} autocomplete="off" autocapitalize="characters" {...({ spellcheck: "false" } as {})} required {...invalidAttrs('code', message)} />
    </div>
  );
}

export type EvaluateState = { entered: Entered; code: string; issues: FormIssue[] };

export function EvaluateBody({ form, state }: { form: CompiledForm; state: EvaluateState }) {
  const issues = issuesByField(state.issues);
  const shown = new Set(['code', ...form.decl.sections.flatMap((s) => memberFields(s.fields).map((f) => f.key))]);
  return (
    <>
      <h1><Bi t={form.decl.title} /></h1>
      {form.decl.description ? <p class="lead"><Bi t={form.decl.description} /></p> : null}
      <Summary issues={state.issues} shown={shown} />
      <form method="post" action={ANSWER_PATH.evaluation} accept-charset="utf-8">
        <CodeField purpose="evaluation" code={state.code} issues={issues} />
        {form.decl.sections.map((s) => (
          <>
            <h2><Bi t={s.title} /></h2>
            {s.help ? <p class="help"><Bi t={s.help} /></p> : null}
            {memberFields(s.fields).map((f) => <Field field={f} entered={state.entered} issues={issues} />)}
          </>
        ))}
        <button type="submit"><Bi t={{ zh: '提交评价', en: 'Submit' }} /></button>
      </form>
    </>
  );
}

export const EvaluateThanks = () => (
  <>
    <h1><Bi t={{ zh: '感谢您的评价', en: 'Thank you' }} /></h1>
    <div class="ok" role="status"><p><Bi t={{ zh: '您的评价已提交。问卷匿名，评议码已作废。', en: 'Your evaluation has been recorded. It is anonymous, and the code is now used.' }} /></p></div>
  </>
);

export type QueryState = { code: string; line: string; question: string; issues: FormIssue[] };

export type QueryPage = { form: CompiledForm; disclosureId: string; orgName: string; disclosureTitle: Text; lines: LineOption[] };

const fieldOf = (form: CompiledForm, key: string): FieldDecl | undefined => form.decl.sections.flatMap((s) => s.fields).find((f) => f.key === key);

export function QueryBody({ p, state }: { p: QueryPage; state: QueryState }) {
  const lang = useLang();
  const issues = issuesByField(state.issues);
  const lineField = fieldOf(p.form, 'line');
  const questionField = fieldOf(p.form, 'question');
  const lineMessage = issues.get('line');
  const questionMessage = issues.get('question');
  const max = questionField && 'maxLength' in questionField ? questionField.maxLength : undefined;
  const whole: Text = { zh: '整体（不针对具体项目）', en: 'The whole disclosure' };
  return (
    <>
      <h1><Bi t={p.form.decl.title} /></h1>
      <p class="lead">
        {p.orgName} · <Bi t={p.disclosureTitle} /> · <a href={`/m/disclosures/${p.disclosureId}`}><Bi t={{ zh: '查看公开内容', en: 'View the disclosure' }} /></a>
      </p>
      <Summary issues={state.issues} shown={new Set(['code', 'line', 'question'])} />
      <form method="post" action={ANSWER_PATH['fund-query']} accept-charset="utf-8">
        <input type="hidden" name="disclosure" value={p.disclosureId} />
        <CodeField purpose="fund-query" code={state.code} issues={issues} />
        <div class={`field${lineMessage ? ' invalid' : ''}`}>
          <label class="label" for="f-line"><Bi t={lineField?.label ?? { zh: '所涉项目', en: 'Line' }} /></label>
          <FieldError id="line" message={lineMessage} />
          <select id="f-line" name="line" {...invalidAttrs('line', lineMessage)}>
            <option value="">{lang === 'en' ? `${whole.en} ${whole.zh}` : `${whole.zh} ${whole.en}`}</option>
            {p.lines.map((l) => <option value={l.value} selected={l.value === state.line || undefined}>{l.label}</option>)}
          </select>
        </div>
        <div class={`field${questionMessage ? ' invalid' : ''}`}>
          <label class="label" for="f-question"><Bi t={questionField?.label ?? { zh: '意见或疑问', en: 'Question' }} /></label>
          <FieldError id="question" message={questionMessage} />
          <textarea id="f-question" name="question" maxlength={max} required {...invalidAttrs('question', questionMessage)}>{state.question}</textarea>
        </div>
        <button type="submit"><Bi t={{ zh: '提交监督意见', en: 'Send the query' }} /></button>
      </form>
    </>
  );
}

export const QueryThanks = ({ disclosureId }: { disclosureId: string }) => (
  <>
    <h1><Bi t={{ zh: '监督意见已提交', en: 'Your query has been sent' }} /></h1>
    <div class="ok" role="status">
      <p><Bi t={{ zh: '意见将与其他会员的意见一并、不分先后地送达工会，无法追溯到您的监督码。工会将在 7 日内答复，经费审查委员会审核答复。监督码已作废。', en: 'It reaches the union together with other members’ queries, in no particular order, and cannot be traced to your code. The union answers within 7 days and its funds audit committee reviews the answer. The code is now used.' }} /></p>
    </div>
    <a class="button" href={`/m/disclosures/${disclosureId}`}><Bi t={{ zh: '返回收支公开', en: 'Back to the disclosure' }} /></a>
  </>
);

/** Where the printed fund-query sheet sends members: the query needs to know which disclosure. */
export const QueryStart = () => (
  <>
    <h1><Bi t={{ zh: '经费使用监督意见', en: 'Query on the use of union funds' }} /></h1>
    <p class="lead"><Bi t={{ zh: '请打开工会公布的经费收支公开链接，点击“提出监督意见”；或在下方粘贴该链接。', en: 'Open the link to the disclosure your union published and choose “Raise a query”, or paste that link below.' }} /></p>
    <form method="get" action={ANSWER_PATH['fund-query']}>
      <div class="field">
        <label class="label" for="f-disclosure"><Bi t={{ zh: '经费收支公开链接', en: 'Link to the disclosure' }} /></label>
        <input type="text" id="f-disclosure" name="disclosure" maxlength={300} autocomplete="off" required />
      </div>
      <button type="submit"><Bi t={{ zh: '继续', en: 'Continue' }} /></button>
    </form>
  </>
);
