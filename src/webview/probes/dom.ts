// DOM helpers of the Probes view: element lookup by id, the form's fields read as a Draft, and small builders for
// text elements and table rows (text is set with textContent, never parsed as HTML).
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { DRAFT_FIELDS, type Draft } from './form';

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
export const field = (id: keyof Draft) => $<VscodeTextfield | VscodeSingleSelect>(id);

export function readDraft(): Draft {
  const d = {} as Draft;
  for (const k of DRAFT_FIELDS) d[k] = String(field(k).value ?? '');
  return d;
}

export const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '–' : n.toFixed(digits));

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, cls?: string): HTMLElementTagNameMap[K];
export function el(tag: string, text?: string | null, cls?: string): HTMLElement;
export function el(tag: string, text?: string | null, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export function row(cells: (string | HTMLElement)[], cls?: string): HTMLElement {
  const r = el('vscode-table-row', null, cls);
  for (const c of cells) {
    const cell = el('vscode-table-cell');
    if (typeof c === 'string') cell.textContent = c;
    else cell.append(c);
    r.append(cell);
  }
  return r;
}
