/**
 * The fill page's script, progressive enhancement over a page that works without it: the
 * computed values and the fields shown (`when`) follow what is typed, computed by the same
 * code as the server's (fill-data.ts over forms/expressions.ts); a group's rows are added and
 * removed in the page; a chosen file is uploaded at once through the API (create → PUT with a
 * progress bar → complete) and joins the field's list. Whatever fails here is left to the
 * form's own post: a file still in its input is uploaded by the server when the form is saved.
 */
import { computeValues, formatComputed, isShown, readData, type Entered, type PageModel } from '../fill-data.js';

const form = document.getElementById('fill-form') as HTMLFormElement | null;
const modelText = document.getElementById('fill-model')?.textContent;
if (form && modelText) enhance(form, JSON.parse(modelText) as PageModel);

function enhance(form: HTMLFormElement, model: PageModel): void {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  const csrf = (form.elements.namedItem('_csrf') as HTMLInputElement | null)?.value ?? '';

  const entered = (): Entered => {
    const out: Entered = new Map();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') out.set(name, value);
    return out;
  };

  const refresh = (): void => {
    const { data } = readData(model, entered());
    const computed = computeValues(model, data);
    for (const c of model.computed) {
      const out = document.getElementById(`c-${c.key}`);
      const text = formatComputed(computed[c.key], c, lang);
      if (out && out.textContent !== text) out.textContent = text;
    }
    const view = { ...data, ...computed };
    for (const s of model.sections) {
      const section = document.getElementById(`s-${s.key}`);
      if (section) section.hidden = !isShown(s.when, view, model.params);
      for (const f of s.fields) {
        const wrap = document.getElementById(`w-${f.key}`);
        if (wrap && f.when) wrap.hidden = !isShown(f.when, view, model.params);
      }
    }
  };

  form.addEventListener('input', refresh);
  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.type === 'file' && input.dataset.upload && input.files?.[0]) void upload(input, input.files[0], csrf);
    refresh();
  });
  form.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button[name="intent"]') as HTMLButtonElement | null;
    if (!button) return;
    const [verb, path, n] = button.value.split(':');
    const group = path ? form.querySelector<HTMLElement>(`[data-group="${CSS.escape(path)}"]`) : null;
    if (!group || (verb !== 'add-row' && verb !== 'remove-row')) return;
    event.preventDefault();
    if (verb === 'add-row') addRow(group, path);
    else removeRow(group, path, Number(n));
    refresh();
  });
}

const countInput = (group: Element, path: string) => group.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`${path}.count`)}"]`)!;

function addRow(group: HTMLElement, path: string): void {
  const count = countInput(group, path);
  const n = Number(count.value) || 0;
  if (n >= Number(group.dataset.max ?? 500)) return;
  const template = document.getElementById(`t-${path}`) as HTMLTemplateElement;
  const holder = document.createElement('div');
  holder.innerHTML = template.innerHTML.replaceAll('__i__', String(n)).replaceAll('__n__', String(n + 1));
  const row = holder.firstElementChild as HTMLElement;
  group.querySelector('.rows')!.append(row);
  count.value = String(n + 1);
  row.querySelector<HTMLElement>('input, select, textarea')?.focus();
}

/** Take out row `n` and number the rows after it one lower, as the server does. */
function removeRow(group: HTMLElement, path: string, n: number): void {
  const rows = [...group.querySelectorAll<HTMLElement>(':scope > .rows > .row')];
  const row = rows[n];
  if (!row) return;
  row.remove();
  const template = document.getElementById(`t-${path}`) as HTMLTemplateElement;
  rows.slice(n + 1).forEach((later, offset) => {
    const from = `${path}.${n + 1 + offset}.`;
    const to = `${path}.${n + offset}.`;
    for (const el of later.querySelectorAll<HTMLElement>('*')) {
      for (const attr of ['name', 'id', 'for', 'aria-describedby']) {
        const v = el.getAttribute(attr);
        if (v?.includes(from)) el.setAttribute(attr, v.replaceAll(from, to));
      }
      if (el instanceof HTMLButtonElement && el.value === `remove-row:${path}:${n + 1 + offset}`) el.value = `remove-row:${path}:${n + offset}`;
    }
    later.dataset.row = String(n + offset);
    const legend = later.querySelector(':scope > legend');
    const fresh = template.content.querySelector('legend');
    if (legend && fresh) legend.innerHTML = fresh.innerHTML.replaceAll('__n__', String(n + offset + 1));
  });
  const count = countInput(group, path);
  count.value = String(Math.max(0, (Number(count.value) || 0) - 1));
  (group.querySelector<HTMLElement>(':scope > .rows > .row input') ?? group.querySelector<HTMLElement>('button[value^="add-row:"]'))?.focus();
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function postJson(url: string, csrf: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** PUT with XMLHttpRequest, whose upload events (unlike fetch's) give the progress. */
function put(target: { url: string; headers: Record<string, string> }, file: File, progress: HTMLProgressElement): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', target.url);
    for (const [k, v] of Object.entries(target.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total);
    };
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => resolve(0);
    xhr.send(file);
  });
}

async function upload(input: HTMLInputElement, file: File, csrf: string): Promise<void> {
  const list = input.closest<HTMLElement>('[data-files]')!;
  const path = input.dataset.upload!;
  const progress = list.querySelector<HTMLProgressElement>('progress.upload')!;
  const say = (text: string) => {
    let p = list.querySelector<HTMLElement>('.upload-error');
    if (!p) {
      p = document.createElement('p');
      p.className = 'error upload-error';
      p.setAttribute('role', 'alert');
      input.before(p);
    }
    p.textContent = text;
  };
  progress.hidden = false;
  progress.value = 0;
  try {
    const declared = { name: file.name, contentType: file.type || 'application/octet-stream', size: file.size, sha256: await sha256Hex(file) };
    const created = await postJson('/api/attachments', csrf, declared);
    const answer = (await created.json()) as { id: string; name: string; upload: { url: string; headers: Record<string, string> }; issues?: { message: { zh: string; en: string } }[] };
    if (created.status !== 201) {
      say(answer.issues?.map((i) => `${i.message.zh} ${i.message.en}`).join('；') ?? '上传失败 The upload failed');
      return;
    }
    const status = await put(answer.upload, file, progress);
    const done = status >= 200 && status < 300 ? await postJson(`/api/attachments/${answer.id}/complete`, csrf) : undefined;
    // Not uploaded here (an S3 address the page may not reach, a network error): the file stays chosen, and saving uploads it.
    if (!done || done.status !== 200) return say('上传未完成，保存草稿时将再次上传 The upload did not finish; saving will upload it');
    addFile(list, path, { ...declared, id: answer.id, name: answer.name });
    input.value = '';
    list.querySelector('.upload-error')?.remove();
  } finally {
    progress.hidden = true;
  }
}

function addFile(list: HTMLElement, path: string, ref: Record<string, string | number>): void {
  const count = list.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`${path}.count`)}"]`)!;
  const n = Number(count.value) || 0;
  const item = document.createElement('li');
  for (const key of ['id', 'name', 'size', 'contentType', 'sha256']) {
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = `${path}.${n}.${key}`;
    hidden.value = String(ref[key]);
    item.append(hidden);
  }
  const name = document.createElement('span');
  name.className = 'file-name';
  name.textContent = `${ref.name} (${Math.ceil(Number(ref.size) / 1024)} KB)`;
  item.append(name);
  const ul = list.querySelector('.file-list')!;
  ul.querySelector('li.help')?.remove();
  ul.append(item);
  count.value = String(n + 1);
}
