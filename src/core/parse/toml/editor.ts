// DatasourceEditor for deployment.toml: minimal text edits that keep the user's formatting (quoting
// style, indentation, line endings) and touch nothing else. Every edit list leaves valid TOML.
// This file plans the edits (which entry to replace, where a new setting goes); layout.ts says where things sit,
// renderToml.ts how values are written, lineEdits.ts how lines are inserted and removed.
import type {
  Datasource,
  DatasourceEditor,
  DriverProp,
  DriverPropSource,
  JdbcHost,
  LocatedEntry,
  TextEdit,
  UrlParam,
} from '../../model/types';
import { SHARED_DB_SNAKE_ALIASES } from '../../knowledge/wso2/knowledge';
import { driverPropsInEffect } from '../../knowledge/wso2/driverProps';
import { joinTouchingEdits, uniquePairs } from '../../text/edits';
import { findEntry, sameEntry, type TomlDatasourceLayout } from './layout';
import { insertLinesAfter, insertPool, mergeIntoRemoval, removeEntryEdits } from './lineEdits';
import { BARE_KEY, escapeBasic, formatKeepingStyle, tomlBasicString, tomlKey, tomlNewValue } from './renderToml';

export class TomlDatasourceEditor implements DatasourceEditor {
  constructor(
    private readonly text: string,
    private readonly ds: Datasource,
    private readonly layout: TomlDatasourceLayout,
  ) {}

  setSetting(name: string, value: string): TextEdit[] {
    return this.setSettings([[name, value]]);
  }

  setSettings(pairs: readonly (readonly [string, string])[]): TextEdit[] {
    if (pairs.length === 1) {
      // The usual fix: one setting that exists, replaced in place (what the general path gives, without its lists).
      const [name, value] = pairs[0];
      const existing = name === 'validationQuery' ? this.ds.validationQuery : this.poolEntryFor(name);
      if (existing) {
        const e = this.valueEdit(existing, value);
        return [{ span: { start: e.span.start, end: e.span.end }, newText: e.newText }];
      }
    }
    const L = this.layout;
    const edits: TextEdit[] = [];
    const fresh: string[] = []; // `key = value` pairs for pool_options, inserted together
    let poolSlot = -1; // where the pool_options insertion goes in `edits`: new keys meeting at one place keep the given order
    for (const [name, value] of uniquePairs(pairs)) {
      if (name === 'validationQuery') {
        // Replace the one in effect; a new one goes to the top level of [database.X] (where WSO2's own default lives).
        if (this.ds.validationQuery) {
          edits.push(this.valueEdit(this.ds.validationQuery, value));
          continue;
        }
        const ref = L.mainLast ?? L.mainHeader;
        if (ref && (L.mainHeader || L.keyPrefix)) {
          edits.push(insertLinesAfter(L.eol, ref, [ref.indent + L.keyPrefix + 'validationQuery = ' + tomlNewValue(value)]));
          continue;
        }
        if (poolSlot < 0) poolSlot = edits.length;
        fresh.push('validationQuery = ' + tomlNewValue(value));
        continue;
      }
      const existing = this.poolEntryFor(name);
      if (existing) {
        edits.push(this.valueEdit(existing, value));
      } else {
        if (poolSlot < 0) poolSlot = edits.length;
        fresh.push(tomlKey(name) + ' = ' + tomlNewValue(value));
      }
    }
    if (fresh.length) {
      // A new [X.pool_options] table starts where the main table's keys end: top-level keys added there must precede it.
      const newTable = !L.poolTable && !L.poolInline && !L.poolDotted && !!L.mainHeader;
      const inserted = insertPool(this.text, this.layout, fresh);
      if (edits.length === 0) return joinTouchingEdits(inserted);
      edits.splice(newTable ? edits.length : poolSlot, 0, ...inserted);
    }
    return joinTouchingEdits(edits);
  }

  setDriverProp(name: string, value: string, where?: DriverPropSource): TextEdit[] | null {
    const inEffect = driverPropsInEffect(this.ds, name);
    const targets = where ? inEffect.filter((p) => p.source === where) : inEffect;
    if (targets.length === 0) return where && where !== 'url' ? null : this.setUrlParam(name, value);
    const edits: TextEdit[] = [];
    for (const p of targets) {
      const e = p.source === 'url' ? this.setUrlParam(p.name, value) : this.connectionPropertyEdits(p, value);
      if (!e) return null;
      edits.push(...e);
    }
    return joinTouchingEdits(edits);
  }

  replaceValue(entry: LocatedEntry, value: string): TextEdit[] {
    return [this.valueEdit(entry, value)];
  }

  private valueEdit(entry: LocatedEntry, value: string): TextEdit {
    return { span: entry.valueSpan, newText: formatKeepingStyle(entry, value) };
  }

  /**
   * Removes the entry's whole line (with its line break) when it stands alone on it — a trailing comment on
   * that line goes with it. Inside an inline table it removes the pair and one adjacent comma.
   */
  removeEntry(entry: LocatedEntry): TextEdit[] {
    return removeEntryEdits(this.text, entry);
  }

  renameKey(entry: LocatedEntry, newKey: string): TextEdit[] {
    const siblings = this.containerOf(entry);
    const clash = siblings?.filter((e) => !sameEntry(e, entry) && e.key === newKey).pop();
    if (clash) {
      // Renaming onto an existing key would duplicate it (invalid TOML): keep one key, with this entry's value.
      return [...this.removeEntry(entry), { span: clash.valueSpan, newText: this.text.slice(entry.valueSpan.start, entry.valueSpan.end) }];
    }
    const written = this.text[entry.keySpan.start];
    let key: string;
    if (BARE_KEY.test(newKey) && written !== '"' && written !== "'") key = newKey;
    else if (written === "'" && !/['\r\n]/.test(newKey)) key = `'${newKey}'`;
    else key = tomlBasicString(newKey);
    return [{ span: entry.keySpan, newText: key }];
  }

  moveToPoolOptions(entry: LocatedEntry): TextEdit[] | null {
    if (!findEntry(this.layout.topEntries, entry)) return null;
    const valueText = this.text.slice(entry.valueSpan.start, entry.valueSpan.end);
    const canonical = this.canonical(entry.key);
    const existing = this.layout.poolEntries.filter((e) => this.canonical(e.key) === canonical).pop();
    const removal = this.removeEntry(entry);
    if (removal.length === 0) return null;
    if (existing) return mergeIntoRemoval(this.text, removal, [{ span: existing.valueSpan, newText: valueText }]);
    return mergeIntoRemoval(
      this.text,
      removal,
      insertPool(this.text, this.layout, [this.text.slice(entry.keySpan.start, entry.keySpan.end) + ' = ' + valueText]),
    );
  }

  setUrlParam(name: string, value: string): TextEdit[] | null {
    const { url, urlEntry } = this.ds;
    if (!url || !urlEntry || this.ds.urlInferred || url.templated || !url.scheme || url.subprotocol === 'oracle') return null;
    const literal = this.isLiteral(urlEntry);
    if (literal && /['\r\n]/.test(name + value)) return null;
    const t = this.text;
    const raw = t.slice(url.span.start, url.queryEnd);
    const xmlAmp = raw.includes('&amp;') || !/&(?!amp;)/.test(raw);
    const enc = (s: string) => this.encodeInString(xmlAmp ? s.replace(/&/g, '&amp;') : s, literal);
    let same = url.params.filter((p) => p.name === name);
    if (same.length === 0) same = url.params.filter((p) => p.name.toLowerCase() === name.toLowerCase());
    if (same.length > 0) {
      return same.map((p) =>
        t.slice(p.span.start, p.span.end).includes('=')
          ? { span: p.valueSpan, newText: enc(value) }
          : { span: { start: p.span.end, end: p.span.end }, newText: '=' + enc(value) },
      );
    }
    const semicolons = url.subprotocol === 'sqlserver' || !url.text.slice(url.scheme.length).startsWith('//');
    const pair = enc(name) + '=' + enc(value);
    let newText: string;
    if (semicolons) newText = (raw.endsWith(';') ? '' : ';') + pair;
    else if (!url.hasQuery) newText = '?' + pair;
    // a trailing '?' is a separator only before the first parameter (`…?useSSL=true?` ends a value, not the query)
    else if (/(&amp;|&)$/.test(raw) || (url.params.length === 0 && raw.endsWith('?'))) newText = pair;
    else newText = (xmlAmp ? '&amp;' : '&') + pair;
    return [{ span: { start: url.queryEnd, end: url.queryEnd }, newText }];
  }

  removeUrlParam(param: UrlParam): TextEdit[] {
    const t = this.text;
    const url = this.ds.url;
    const queryEnd = url ? url.queryEnd : param.span.end;
    const sepAfter = (i: number) => (t.startsWith('&amp;', i) ? 5 : t[i] === '&' || t[i] === ';' ? 1 : 0);
    const sepBefore = (i: number) => (t.slice(i - 5, i) === '&amp;' ? 5 : t[i - 1] === '&' || t[i - 1] === ';' ? 1 : 0);
    let { start, end } = param.span;
    const after = end < queryEnd ? sepAfter(end) : 0;
    if (after > 0) {
      end += after;
      // the only parameter, with a trailing separator: take the '?' too
      if (end >= queryEnd && t[start - 1] === '?') start--;
    } else {
      const before = sepBefore(start);
      if (before > 0) start -= before;
      else if (t[start - 1] === '?') start--;
    }
    return [{ span: { start, end }, newText: '' }];
  }

  replaceHost(host: JdbcHost, newHost: string): TextEdit[] {
    const owner = [this.ds.urlEntry, ...this.layout.topEntries].find(
      (e) => e && e.valueSpan.start <= host.span.start && host.span.end <= e.valueSpan.end,
    );
    return [{ span: host.span, newText: this.encodeInString(newHost, !!owner && this.isLiteral(owner)) }];
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────────

  /** The key WSO2 reads a pool_options key as (shared_db maps five snake_case aliases). */
  private canonical(key: string): string {
    return this.ds.role === 'shared_db' && SHARED_DB_SNAKE_ALIASES[key] ? SHARED_DB_SNAKE_ALIASES[key] : key;
  }

  private poolEntryFor(name: string): LocatedEntry | null {
    let found: LocatedEntry | null = null;
    for (const e of this.layout.poolEntries) if (this.canonical(e.key) === name) found = e;
    return found;
  }

  private containerOf(entry: LocatedEntry): LocatedEntry[] | null {
    if (findEntry(this.layout.poolEntries, entry)) return this.layout.poolEntries;
    if (findEntry(this.layout.topEntries, entry)) return this.layout.topEntries;
    return null;
  }

  private isLiteral(entry: LocatedEntry): boolean {
    const { topEntries, poolEntries } = this.layout;
    // as findEntry on both lists joined (identity first, then position), without joining them
    const own =
      topEntries.find((e) => e === entry) ??
      poolEntries.find((e) => e === entry) ??
      topEntries.find((e) => sameEntry(e, entry)) ??
      poolEntries.find((e) => sameEntry(e, entry)) ??
      entry;
    const k = this.layout.kindOf(own);
    return k === 'literal' || k === 'ml-literal';
  }

  /** Text to put inside an existing string of the given kind. */
  private encodeInString(s: string, literal: boolean): string {
    return literal ? s : escapeBasic(s);
  }

  /** The value of a connectionProperties piece (`a=b;c=d` inside a TOML string), set in place. */
  private connectionPropertyEdits(p: DriverProp, value: string): TextEdit[] | null {
    if (p.source !== 'connectionProperties') return null; // <databaseProps> does not exist in deployment.toml
    const owner = this.layout.poolEntries.find(
      (e) => e.key === 'connectionProperties' && e.valueSpan.start <= p.span.start && p.span.end <= e.valueSpan.end,
    );
    if (!owner) return null;
    const literal = this.isLiteral(owner);
    if (literal && /['\r\n]/.test(value)) return null;
    const enc = this.encodeInString(value, literal);
    if (!this.text.slice(p.span.start, p.span.end).includes('='))
      return [{ span: { start: p.span.end, end: p.span.end }, newText: '=' + enc }];
    return [{ span: p.valueSpan, newText: enc }];
  }
}
