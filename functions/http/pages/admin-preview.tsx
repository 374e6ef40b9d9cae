/**
 * What the admin sees before publishing a form version: where each problem is (a workbook
 * cell, a place in the declaration) in words, what changed against the current version, the
 * dry run over past submissions, and the form as it will be filled.
 */
import { compileForm } from '../../../forms/compile.js';
import type { DeclarationChange } from '../../../forms/diff.js';
import type { FormDeclaration, FormIssue, Text } from '../../../forms/language.js';
import type { VersionPreview } from '../../service/forms.js';
import { pageModel } from './fill-data.js';
import type { FillContext } from './fill-fields.js';
import { Computed, FormSections } from './fill-page.js';
import { Bi, Scroll } from './layout.js';

const SEGMENT: Record<string, Text> = {
  sections: { zh: '节', en: 'section' },
  fields: { zh: '字段', en: 'field' },
  rules: { zh: '规则', en: 'rule' },
  computed: { zh: '计算值', en: 'computed value' },
  options: { zh: '选项', en: 'option' },
  params: { zh: '参数', en: 'parameter' },
  example: { zh: '示例', en: 'example' },
};

/**
 * Where an issue is, in words: `survey!type3` is a cell of the uploaded workbook; a path in a
 * declaration (`declaration.sections.0.fields.2.help`) names each list entry by its key
 * where it has one, by its place otherwise.
 */
export function whereText(path: string, declaration?: unknown): Text {
  const cell = /^([^!]+)!([A-Za-z_:.\-]*?)(\d+)$/.exec(path);
  if (cell) {
    const [, sheet, column, row] = cell;
    return column
      ? { zh: `工作表 ${sheet} 第 ${row} 行 ${column} 列`, en: `sheet ${sheet}, row ${row}, column ${column}` }
      : { zh: `工作表 ${sheet} 第 ${row} 行`, en: `sheet ${sheet}, row ${row}` };
  }
  if (path === 'workbook') return { zh: '上传的文件', en: 'the uploaded file' };
  const parts = path.split('.').filter((p, n) => !(n === 0 && p === 'declaration'));
  if (parts.length === 0) return { zh: '表单定义整体', en: 'the declaration as a whole' };
  const zh: string[] = [];
  const en: string[] = [];
  const at = (node: unknown, part: string): unknown => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined);
  let node: unknown = declaration;
  for (let n = 0; n < parts.length; n++) {
    const [part, next] = [parts[n], parts[n + 1]];
    const segment = Object.hasOwn(SEGMENT, part) ? SEGMENT[part] : undefined;
    if (segment && next !== undefined && (/^\d+$/.test(next) || part === 'params')) {
      // A list entry by its key (a parameter's name is its key), by its place when it has none.
      const item = at(at(node, part), next);
      const key = part === 'params' ? next : at(item, 'key');
      const name = typeof key === 'string' ? key : undefined;
      zh.push(`${segment.zh} ${name ?? `第 ${Number(next) + 1} 项`}`);
      en.push(`${segment.en} ${name ?? `#${Number(next) + 1}`}`);
      node = item;
      n += 1;
    } else {
      zh.push(part);
      en.push(part);
      node = at(node, part);
    }
  }
  return { zh: `表单定义中 ${zh.join(' › ')}`, en: `in the declaration: ${en.join(' › ')}` };
}

/** An issue with its place in front of its message, as one text. */
export const locatedIssue = (issue: FormIssue, declaration?: unknown): Text => {
  const where = whereText(issue.path, declaration);
  return { zh: `${where.zh}：${issue.message.zh}`, en: `${where.en}: ${issue.message.en}` };
};

const CHANGE: Record<DeclarationChange['change'], Text> = {
  added: { zh: '新增', en: 'Added' },
  removed: { zh: '删除', en: 'Removed' },
  changed: { zh: '修改', en: 'Changed' },
};

const PART: Record<DeclarationChange['part'], Text> = {
  setting: { zh: '设置', en: 'setting' },
  section: { zh: '节', en: 'section' },
  field: { zh: '字段', en: 'field' },
  rule: { zh: '规则', en: 'rule' },
  computed: { zh: '计算值', en: 'computed value' },
  param: { zh: '参数', en: 'parameter' },
  example: { zh: '示例数据', en: 'example data' },
};

const shown = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** What publishing changes against the current version: each change, its part, key and changed properties. */
export function Changes({ changes }: { changes: DeclarationChange[] }) {
  if (changes.length === 0) return <p class="lead"><Bi t={{ zh: '与当前版本相比没有变化。', en: 'Nothing differs from the current version.' }} /></p>;
  return (
    <ul class="changes">
      {changes.map((ch) => (
        <li class={`change-${ch.change}`}>
          <strong><Bi t={CHANGE[ch.change]} /></strong> <Bi t={PART[ch.part]} /> <code>{ch.key}</code>
          {ch.properties?.length ? <span class="meta"><Bi t={{ zh: '改动的属性：', en: 'Properties changed: ' }} />{ch.properties.map((p) => <code>{p}</code>)}</span> : null}
          {ch.before !== undefined || ch.after !== undefined ? <span class="meta">{shown(ch.before)} → {shown(ch.after)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The dry run over the current version's submissions: how many the new version would refuse, why, and which computed values move. */
export function DryRunView({ dryRun }: { dryRun: VersionPreview['dryRun'] }) {
  if (!dryRun) return <p class="lead"><Bi t={{ zh: '这是第一个版本，没有以往的填报可以试算。', en: 'This is the first version: there are no past submissions to replay.' }} /></p>;
  const { version, submissions, wouldFail, issues, computedChanged } = dryRun;
  return (
    <>
      <p class={wouldFail > 0 ? 'warn' : 'ok'}>
        <Bi t={{ zh: `按新版本重新校验了第 ${version} 版的 ${submissions} 份填报：${wouldFail} 份会被拒绝。`, en: `Replayed ${submissions} submissions of version ${version} under the new version: ${wouldFail} would be refused.` }} />
      </p>
      {issues.length > 0 ? (
        <Scroll label={{ zh: '试算问题', en: 'Dry-run problems' }}>
          <table>
            <thead><tr><th scope="col"><Bi t={{ zh: '问题', en: 'Problem' }} /></th><th scope="col" class="num"><Bi t={{ zh: '份数', en: 'Records' }} /></th></tr></thead>
            <tbody>
              {issues.map((i) => (
                <tr><td><code>{i.path}</code> <Bi t={i.message} /></td><td class="num">{i.count}</td></tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      ) : null}
      {computedChanged.length > 0 ? (
        <ul>
          {computedChanged.map((c) => (
            <li><Bi t={{ zh: `计算值 ${c.key} 在 ${c.count} 份填报中会不同`, en: `Computed value ${c.key} would differ in ${c.count} records` }} /></li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const NOT_FILLABLE: Text = { zh: '预览：此处不能填写', en: 'Preview: nothing here can be filled in' };

/**
 * The form as it will be filled, rendered by the fill page's own components from the candidate
 * declaration compiled as the fill page's form is (parameters written into its texts): every
 * input as a submitter sees it, empty, inside a disabled fieldset and no form, so nothing can
 * be typed or posted from here. The declaration has passed the publish checks already.
 */
export function FormPreview({ declaration }: { declaration: FormDeclaration }) {
  const form = compileForm(declaration, { stored: true });
  const model = pageModel(form);
  const ctx: FillContext = { entered: new Map(), issues: new Map(), view: {}, params: model.params };
  return (
    <div class="form-preview">
      <p class="label"><Bi t={form.decl.title} /></p>
      {form.decl.description ? <p class="help"><Bi t={form.decl.description} /></p> : null}
      <fieldset class="fill" disabled>
        <legend class="vh"><Bi t={NOT_FILLABLE} /></legend>
        <FormSections model={model} ctx={ctx} locked={new Set()} stored={{}} level={3} />
        <Computed model={model} labels={Object.fromEntries(form.decl.computed.map((c) => [c.key, c.label]))} values={{}} level={3} />
      </fieldset>
    </div>
  );
}
