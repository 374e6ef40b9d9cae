/**
 * What publishing a form version and a workflow version share: the list of what can be
 * published with its current version, who published each version and when, the box a JSON
 * declaration is pasted into, and reading what was pasted.
 */
import type { Text } from '../../../forms/language.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi } from './layout.js';

const T = {
  builtin: { zh: '内置', en: 'Built in' },
  pasteHelp: { zh: '当前定义见', en: 'The current declaration is at' },
  json: { zh: '粘贴的内容不是合法的 JSON', en: 'What was pasted is not valid JSON' },
} satisfies Record<string, Text>;

/** Each form or workflow by its title, with its id and current version. */
export function CurrentVersions({ items }: { items: { href: string; id: string; title: Text; version: number }[] }) {
  return (
    <ul class="tasks">
      {items.map((f) => (
        <li>
          <a href={f.href}><Bi t={f.title} /></a>
          <span class="meta"><code>{f.id}</code> · <Bi t={{ zh: `当前第 ${f.version} 版`, en: `Version ${f.version} now` }} /></span>
        </li>
      ))}
    </ul>
  );
}

/** When and by whom a version was published; a built-in version says so. */
export const PublishedBy = ({ v }: { v: { builtin?: boolean; publishedAt?: string; publishedBy?: string } }) =>
  v.builtin ? <Bi t={T.builtin} /> : <>{shanghaiTime(v.publishedAt ?? '')} · {v.publishedBy}</>;

/** The labelled box a JSON declaration is pasted into (id `declaration`), with where the current one is. */
export function PasteField({ label, current, text, message }: { label: Text; current: string; text: string; message?: Text }) {
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for="declaration"><Bi t={label} /></label>
      <p class="help"><Bi t={T.pasteHelp} /> <a href={current}>{current}</a></p>
      <FieldError id="declaration" message={message} />
      <textarea id="declaration" name="declaration" rows={12} class="code-text" {...invalidAttrs('declaration', message)}>{text}</textarea>
    </div>
  );
}

/** What was pasted, as a JSON object; else the problem, in the words given for an empty paste and a non-object. */
export function pastedObject(text: string, words: { none: Text; object: Text }): { value: Record<string, unknown> } | { problem: Text } {
  if (text.trim() === '') return { problem: words.none };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: T.json };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: words.object };
  return { value: value as Record<string, unknown> };
}
