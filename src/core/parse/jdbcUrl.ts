// Decompose a JDBC URL as written in the file (XML-escaped or not) into scheme, hosts, database and
// query parameters, each with its exact span in the document.
import type { JdbcHost, JdbcUrl, Span, UrlParam } from '../model/types';
import { TEMPLATE_CHAR } from '../text/templates';

const ENTITY: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** Decode the five XML entities and numeric references. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m) => {
    if (ENTITY[m]) return ENTITY[m];
    const code = m[2] === 'x' ? parseInt(m.slice(3, -1), 16) : parseInt(m.slice(2, -1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const PLACEHOLDER = /\uE000|\$\{|\$(env|sys|secret)\{|\{\{|<%|^[A-Z][A-Z0-9_]*$|XX_/;

function isPlaceholder(s: string): boolean {
  return PLACEHOLDER.test(s);
}

/**
 * Parse `raw` (the URL exactly as it stands in the document, starting at `offset`).
 * `templatedAt` tells whether a span overlaps template syntax. Returns null if it is not a JDBC URL.
 */
export function parseJdbcUrl(raw: string, offset: number, templatedAt: (span: Span) => boolean = () => false): JdbcUrl | null {
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  const start = offset + lead;
  const text = decodeEntities(body);
  const urlSpan = { start, end: start + body.length };
  const templated = body.includes(TEMPLATE_CHAR) || templatedAt(urlSpan) || /\$(env|sys|secret)?\{/.test(body);
  if (!/^jdbc:/i.test(body)) {
    if (!templated) return null;
    // Entirely templated URL ("{{ .Values.url }}"): unknown, no parts.
    return {
      text,
      span: urlSpan,
      scheme: '',
      subprotocol: '',
      awsWrapper: false,
      multiHostMode: null,
      hosts: [],
      database: null,
      params: [],
      paramSeparator: body.includes('&amp;') ? '&amp;' : '&',
      queryEnd: urlSpan.end,
      hasQuery: false,
      templated: true,
    };
  }
  // scheme: jdbc:[aws-wrapper:]sub[:mode]:
  const m = /^jdbc:(aws-wrapper:)?([a-zA-Z0-9]+)(:(?:replication|loadbalance|thin|failover|sequential|aurora|tcp))?:/i.exec(body);
  const awsWrapper = !!m?.[1];
  const subprotocol = (m?.[2] ?? '').toLowerCase();
  const mode = m?.[3] ? m[3].slice(1).toLowerCase() : null;
  const scheme = m ? m[0] : body.slice(0, body.indexOf(':', 5) + 1);
  const multiHostMode =
    mode === 'replication' || mode === 'loadbalance' || mode === 'failover' || mode === 'sequential' || mode === 'aurora' ? mode : null;
  const hosts: JdbcHost[] = [];
  const params: UrlParam[] = [];
  let database: string | null = null;
  let rest = scheme.length;
  const paramSeparator: '&amp;' | '&' = body.includes('&amp;') ? '&amp;' : '&';
  let queryEnd = urlSpan.end;
  let hasQuery = false;

  const addHost = (hp: string, at: number) => {
    if (!hp) return;
    let host = hp;
    let port: number | null = null;
    const ipv6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(hp);
    if (ipv6) {
      host = ipv6[1];
      port = ipv6[2] ? Number(ipv6[2]) : null;
      at += 1;
    } else {
      const c = hp.lastIndexOf(':');
      if (c >= 0 && /^\d+$/.test(hp.slice(c + 1))) {
        host = hp.slice(0, c);
        port = Number(hp.slice(c + 1));
      } else if (c >= 0 && !hp.includes('(')) {
        host = hp.slice(0, c);
      }
    }
    const span = { start: start + at, end: start + at + host.length };
    hosts.push({ host: decodeEntities(host), port, span, templated: isPlaceholder(host) || templatedAt(span) });
  };

  if (body.startsWith('//', rest)) {
    // authority-style: //h1[:p1][,h2[:p2]][/db][?k=v&k=v]   (mysql, mariadb, postgresql, sqlserver, db2, aws-wrapper)
    rest += 2;
    let authEnd = body.length;
    for (let i = rest; i < body.length; i++) {
      const ch = body[i];
      if (ch === '/' || ch === '?' || (subprotocol === 'sqlserver' && ch === ';')) {
        authEnd = i;
        break;
      }
    }
    let pos = rest;
    for (const part of body.slice(rest, authEnd).split(',')) {
      addHost(part.trim() ? part : '', pos + (part.length - part.trimStart().length));
      pos += part.length + 1;
    }
    let i = authEnd;
    if (body[i] === '/') {
      const q = body.indexOf('?', i);
      const dbEnd = q < 0 ? body.length : q;
      database = decodeEntities(body.slice(i + 1, dbEnd)) || null;
      i = dbEnd;
      queryEnd = start + dbEnd;
    } else queryEnd = start + authEnd;
    if (subprotocol === 'sqlserver' && body[i] === ';') {
      parseParams(body, i + 1, ';', start, templatedAt, params);
      queryEnd = urlSpan.end;
      hasQuery = true;
      const dbp = params.find((p) => p.name.toLowerCase() === 'databasename');
      if (dbp) database = dbp.value;
    } else if (body[i] === '?') {
      hasQuery = true;
      parseParams(body, i + 1, paramSeparator, start, templatedAt, params);
      queryEnd = urlSpan.end;
    }
  } else if (subprotocol === 'oracle') {
    // jdbc:oracle:thin:@host:port:SID or @//host:port/service
    const at = body.indexOf('@', rest);
    if (at >= 0) {
      let h = at + 1;
      if (body.startsWith('//', h)) h += 2;
      const end = body.slice(h).search(/[/:]/);
      const host = end < 0 ? body.slice(h) : body.slice(h, h + end);
      addHost(host, h);
      const mm = /:(\d+)[:/](.+)$/.exec(body.slice(h + host.length));
      if (mm) {
        hosts[0].port = Number(mm[1]);
        database = mm[2];
      }
    }
  } else {
    // h2 and other path-style URLs: jdbc:h2:./path;AUTO_SERVER=TRUE — no host, params after ';'
    const semi = body.indexOf(';', rest);
    database = decodeEntities(body.slice(rest, semi < 0 ? body.length : semi)) || null;
    if (semi >= 0) parseParams(body, semi + 1, ';', start, templatedAt, params);
  }
  return {
    text,
    span: urlSpan,
    scheme,
    subprotocol,
    awsWrapper,
    multiHostMode,
    hosts,
    database,
    params,
    paramSeparator,
    queryEnd,
    hasQuery,
    templated,
  };
}

function parseParams(body: string, from: number, sep: string, start: number, templatedAt: (s: Span) => boolean, out: UrlParam[]): void {
  let i = from;
  while (i <= body.length) {
    // a lone '&' counts as a separator too (files mix styles)
    let next = sep === ';' ? body.indexOf(';', i) : nextAmp(body, i);
    if (next < 0) next = body.length;
    const piece = body.slice(i, next);
    if (piece.length > 0) {
      const eq = piece.indexOf('=');
      const name = eq < 0 ? piece : piece.slice(0, eq);
      const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
      const span = { start: start + i, end: start + next };
      const valueSpan = eq < 0 ? { start: span.end, end: span.end } : { start: start + i + eq + 1, end: start + next };
      out.push({
        name: decodeEntities(name).trim(),
        value: decodeEntities(rawValue),
        span,
        valueSpan,
        templated: isPlaceholderValue(rawValue) || templatedAt(span),
      });
    }
    if (next >= body.length) break;
    i = next + (body.startsWith('&amp;', next) ? 5 : 1);
  }
}

function isPlaceholderValue(v: string): boolean {
  return v.includes(TEMPLATE_CHAR) || /\$(env|sys|secret)?\{|\{\{|<%/.test(v);
}

function nextAmp(body: string, from: number): number {
  const i = body.indexOf('&', from);
  return i;
}

/** Parse `k=v;k2=v2` (Carbon <connectionProperties>) located at `offset`. */
export function parseConnectionProperties(raw: string, offset: number): { name: string; value: string; span: Span; valueSpan: Span }[] {
  const out: { name: string; value: string; span: Span; valueSpan: Span }[] = [];
  let i = 0;
  while (i <= raw.length) {
    let next = raw.indexOf(';', i);
    if (next < 0) next = raw.length;
    const piece = raw.slice(i, next);
    const lead = piece.length - piece.trimStart().length;
    const t = piece.trim();
    if (t) {
      const eq = t.indexOf('=');
      const s = offset + i + lead;
      out.push({
        name: decodeEntities(eq < 0 ? t : t.slice(0, eq)).trim(),
        value: decodeEntities(eq < 0 ? '' : t.slice(eq + 1)).trim(),
        span: { start: s, end: s + t.length },
        valueSpan: eq < 0 ? { start: s + t.length, end: s + t.length } : { start: s + eq + 1, end: s + t.length },
      });
    }
    if (next >= raw.length) break;
    i = next + 1;
  }
  return out;
}
