/**
 * Reading a printed record in the print tests: the page as text, one labelled row's value
 * cell, one history event's block. The page is plain server-rendered HTML, so string
 * matching against its known markup is enough and needs no DOM.
 */
import type { Client } from './support.js';

export const print = (client: Client, id: string) => client.request('GET', `/api/submissions/${id}/print`);

export async function printed(client: Client, id: string): Promise<string> {
  const res = await print(client, id);
  if (res.status !== 200) throw new Error(`print failed: ${res.status} ${await res.text()}`);
  return res.text();
}

/** The value cell of the first row labelled `label` in the printed page. */
export function rowValue(page: string, label: string): string {
  const at = page.indexOf(`<th scope="row"><span lang="zh-CN">${label}</span>`);
  if (at < 0) throw new Error(`no row labelled ${label}`);
  const cell = page.slice(at).match(/<\/th><td[^>]*>([\s\S]*?)<\/td><\/tr>/);
  return cell![1];
}

export const eventBlock = (page: string, seq: number) => page.match(new RegExp(`<section class="event" id="event-${seq}">([\\s\\S]*?)</section>`))![1];

/** The body of an answer that succeeded: a failing setup step stops loudly instead of misleading later tests. */
export async function ok<T = any>(pending: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await pending;
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
