// Mutations of a config file, as plain data (so fast-check can print and shrink them) plus the function
// that applies one. Positions are free naturals taken modulo the current length, so a mutation stays
// meaningful whatever the earlier mutations did to the text.
import fc from 'fast-check';

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'deleteLine'; n: number }
  | { op: 'duplicateLine'; n: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'swapTags'; a: number; b: number }
  | { op: 'quote'; at: number; q: '"' | "'"; del: boolean }
  | { op: 'eol'; mode: 'crlf' | 'cr' | 'lf' | 'mixed'; salt: number }
  | { op: 'bom'; where: 'prefix' | 'double' | 'middle'; at: number }
  | { op: 'nonAscii'; at: number; s: string }
  | { op: 'nul'; at: number; n: number }
  | { op: 'template'; place: 'anywhere' | 'tagName' | 'attr' | 'text' | 'key' | 'string' | 'lineStart'; n: number; t: string }
  | { op: 'value'; n: number; v: string }
  | { op: 'keyCase'; n: number; mode: 'upper' | 'lower' | 'swap' }
  | { op: 'comment'; at: number; c: string }
  | { op: 'urlParam'; n: number; p: string }
  | { op: 'bigValue'; n: number; size: number; ch: string }
  | { op: 'final'; mode: 'strip' | 'add' | 'double' | 'spaces' }
  | { op: 'structLine'; n: number; line: string };

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Characters and tokens that matter to XML, TOML, JDBC URLs and template languages. */
const SYNTAX_TOKENS = [
  '<',
  '>',
  '</',
  '/>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?',
  '?>',
  '<!DOCTYPE x [<!ENTITY e "x">]>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&bogus;',
  '&amp',
  '=',
  '"',
  "'",
  '"""',
  "'''",
  '[',
  ']',
  '[[',
  ']]',
  '{',
  '}',
  ',',
  '.',
  '#',
  '\\',
  '\\u',
  '\\U0010FFFF',
  '\\x',
  '?',
  ';',
  ':',
  '//',
  'jdbc:',
  'jdbc:mysql://',
  'jdbc:aws-wrapper:mysql://',
  '%',
  '%2',
  '\t',
  ' ',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\f',
  '\v',
];

const NON_ASCII = [
  'ä',
  'É',
  '€',
  '😀',
  '\u200b',
  'e\u0301',
  '日本語',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\uFFFD',
  '\uFEFF',
  'ß',
  'İ',
  'ﬀ',
  '\uD800',
  '\uDC00',
  '\uDBFF\uDFFF',
  'Ω',
  '\u202E',
];

export const TEMPLATE_TOKENS = [
  '{{ .Values.wso2.db.url }}',
  '{{ .Values.x | quote }}',
  '{{',
  '}}',
  '{{-',
  '-}}',
  '{{/* c */}}',
  '{{- range $k, $v := .Values.p }}',
  '{{ end }}',
  '{{ if .x }}',
  '{%',
  '%}',
  '{% if x %}',
  '{% endif %}',
  '{% for k, v in d.items() %}',
  '{% endfor %}',
  '{#',
  '#}',
  '{# c #}',
  '<%',
  '%>',
  '<%= @db_url %>',
  '<% if x %>',
  '<% end %>',
  '<%# c %>',
  '<%-- c --%>',
  '<%= datasource["url"] %>',
  '${x}',
  '${',
  '$env{DB_URL}',
  '$sys{x}',
  '$secret{db_password}',
  '${carbon.home}',
];

const VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '5',
  '50',
  '30000',
  '2147483648',
  '99999999999999999999',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '3000.5',
  '-0',
  '+5',
  '1_000',
  'true',
  'false',
  'TRUE',
  'yes',
  'null',
  'SELECT 1',
  '/* ping */ SELECT 1',
  'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)',
  'jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/db?useSSL=true',
  'jdbc:mysql://apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/db',
  'jdbc:mysql://db-1.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/db?socketTimeout=0&amp;&amp;connectTimeout=',
  'jdbc:aws-wrapper:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/db?wrapperPlugins=failover',
  'jdbc:mysql:replication://a,b,c/db?autoReconnect=true',
  'jdbc:mysql://[::1]:3306/db',
  'jdbc:mysql://:/?&=&',
  'jdbc:h2:mem:x',
  'jdbc:mysql://{{ host }}:3306/db',
  'com.mysql.cj.jdbc.Driver',
  'org.mariadb.jdbc.Driver',
  'mysql',
  'RDBMS',
  'rdbms',
  'ConnectionState;StatementFinalizer',
  'socketTimeout=0;tcpKeepAlive=false',
];

const URL_PARAMS = [
  '?socketTimeout=60000',
  '&amp;socketTimeout=0',
  '&socketTimeout=',
  '&amp;connectTimeout=10000',
  '&autoReconnect=true',
  '&amp;autoReconnect=true',
  '&amp;&amp;',
  '&',
  '?',
  '??',
  '&amp;useSSL=false',
  '&sslMode=DISABLED',
  '&amp;tcpKeepAlive=false',
  '&amp;failOverReadOnly=false',
  '&amp;wrapperPlugins=',
  ';foo=bar',
  '#frag',
  '&amp;x=%ZZ',
];

const COMMENTS = [
  '<!-- c -->',
  '<!-- aurora-guard-disable-next-line -->',
  '<!-- aurora-guard-disable-line pool/max-age -->',
  '<!-- aurora-guard-disable-file -->',
  '<!--',
  '-->',
  '# c',
  '# aurora-guard-disable-next-line jdbc/socket-timeout',
  '# aurora-guard-disable-file',
  '{{/* aurora-guard-disable-next-line */}}',
  '<!-- -- -->',
];

/** Whole lines that change a file's structure: TOML tables and dotted keys, XML elements of a datasource. */
const STRUCT_LINES = [
  'pool_options.maxActive = 5',
  'pool_options.x.y = 1',
  'pool_options.testOnBorrow = false',
  'maxActive = 0',
  'testOnBorrow = false',
  'validationQuery = "SELECT 1"',
  '[database.apim_db.pool_options]',
  '[database.apim_db]',
  '[database.shared_db]',
  '[[datasource]]',
  'pool_options = { maxActive = 5 }',
  'url = "jdbc:mysql://h:3306/db"',
  'type = "mysql"',
  'id = "DS"',
  '<maxActive>0</maxActive>',
  '<testOnBorrow>false</testOnBorrow>',
  '<validationQuery/>',
  '<property name="maxAge">0</property>',
  '<configuration>',
  '</configuration>',
  '<properties>',
  '<datasource>',
  '</datasource>',
  '<definition type="RDBMS">',
  '<url>jdbc:mysql://h/db?socketTimeout=0</url>',
];

// ---------------------------------------------------------------------------------------------
// Arbitraries

const pos = fc.nat({ max: 0x7fffffff });
/** Any code point, lone surrogates included (fc.string({ unit: 'binary' }) costs seconds to build). */
const codePoint = fc
  .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff }))
  .map((cp) => String.fromCodePoint(cp));
const anyChars = fc.array(codePoint, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
const noise = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SYNTAX_TOKENS) },
  { weight: 2, arbitrary: anyChars },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('<', '>', '/', '"', "'", '=', '[', ']', '{', '}', '%', '&', ';', '\n', ' ', 'a'),
      minLength: 1,
      maxLength: 12,
    }),
  },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pos }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, s: noise }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), n: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), n: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: pos, b: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapTags' as const), a: pos, b: pos }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('quote' as const), at: pos, q: fc.constantFrom('"' as const, "'" as const), del: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('eol' as const),
      mode: fc.constantFrom('crlf' as const, 'cr' as const, 'lf' as const, 'mixed' as const),
      salt: pos,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('bom' as const),
      where: fc.constantFrom('prefix' as const, 'double' as const, 'middle' as const),
      at: pos,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('nonAscii' as const), at: pos, s: fc.constantFrom(...NON_ASCII) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nul' as const), at: pos, n: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('template' as const),
      place: fc.constantFrom(
        'anywhere' as const,
        'tagName' as const,
        'attr' as const,
        'text' as const,
        'key' as const,
        'string' as const,
        'lineStart' as const,
      ),
      n: pos,
      t: fc.constantFrom(...TEMPLATE_TOKENS),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('value' as const),
      n: pos,
      v: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('keyCase' as const),
      n: pos,
      mode: fc.constantFrom('upper' as const, 'lower' as const, 'swap' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('comment' as const), at: pos, c: fc.constantFrom(...COMMENTS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('urlParam' as const), n: pos, p: fc.constantFrom(...URL_PARAMS) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('final' as const),
      mode: fc.constantFrom('strip' as const, 'add' as const, 'double' as const, 'spaces' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('structLine' as const), n: pos, line: fc.constantFrom(...STRUCT_LINES) }) },
);

/** Mutations that mostly keep a file parseable (for the fix-safety property: fixes only come from parsed files). */
export const gentleMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), n: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), n: pos }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('eol' as const),
      mode: fc.constantFrom('crlf' as const, 'cr' as const, 'lf' as const, 'mixed' as const),
      salt: pos,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bom' as const), where: fc.constant('prefix' as const), at: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('nonAscii' as const), at: pos, s: fc.constantFrom(...NON_ASCII) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('template' as const),
      place: fc.constantFrom('text' as const, 'string' as const, 'lineStart' as const),
      n: pos,
      t: fc.constantFrom(...TEMPLATE_TOKENS),
    }),
  },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('value' as const), n: pos, v: fc.constantFrom(...VALUES) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('keyCase' as const),
      n: pos,
      mode: fc.constantFrom('upper' as const, 'lower' as const, 'swap' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('comment' as const), at: pos, c: fc.constantFrom(...COMMENTS) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('urlParam' as const), n: pos, p: fc.constantFrom(...URL_PARAMS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, s: noise }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('final' as const),
      mode: fc.constantFrom('strip' as const, 'add' as const, 'double' as const, 'spaces' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('structLine' as const), n: pos, line: fc.constantFrom(...STRUCT_LINES) }) },
);

/** A 1 MB (or so) single-line value put where a value, a URL or a comment is. */
export const bigValueArb: fc.Arbitrary<Extract<Mutation, { op: 'bigValue' }>> = fc.record({
  op: fc.constant('bigValue' as const),
  n: pos,
  size: fc.integer({ min: 1 << 20, max: (1 << 20) + 4096 }),
  ch: fc.constantFrom('x', '9', ' ', '&amp;', 'a=b&', '{{', '"', '\\', 'é', '😀', '<', '%', '\t'),
});

// ---------------------------------------------------------------------------------------------
// Applying a mutation

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** [start, end) of line k including its line break. */
function lineRange(text: string, k: number): [number, number] {
  const starts = lineStarts(text);
  const i = k % starts.length;
  return [starts[i], i + 1 < starts.length ? starts[i + 1] : text.length];
}

function nth<T>(items: T[], n: number): T | null {
  return items.length ? items[n % items.length] : null;
}

function matches(text: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let m: RegExpExecArray | null;
  while ((m = g.exec(text)) && out.length < 20000) {
    out.push(m);
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

/** Where a value is: XML text between `>` and `</`, an attribute value, a TOML value after `=`. */
function valueSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of matches(text, />([^<>\n\r]*)<\//)) out.push([m.index + 1, m.index + 1 + m[1].length]);
  for (const m of matches(text, /^[ \t]*[\w."'-]+[ \t]*=[ \t]*("[^"\n\r]*"|'[^'\n\r]*'|[^\s#]+)/m)) {
    const v = m[1];
    const start = m.index + m[0].length - v.length;
    if (v.startsWith('"') || v.startsWith("'")) out.push([start + 1, start + v.length - 1]);
    else out.push([start, start + v.length]);
  }
  for (const m of matches(text, /\s[\w:-]+="([^"<>\n\r]*)"/))
    out.push([m.index + m[0].length - 1 - m[1].length, m.index + m[0].length - 1]);
  return out.sort((a, b) => a[0] - b[0]);
}

function splice(text: string, start: number, end: number, s: string): string {
  return text.slice(0, start) + s + text.slice(end);
}

function templateAnchor(text: string, place: Extract<Mutation, { op: 'template' }>['place'], n: number): number {
  const len = text.length;
  switch (place) {
    case 'tagName': {
      const m = nth(matches(text, /<\/?[A-Za-z_][\w.:-]*/), n);
      return m ? m.index + 1 + (m[0].startsWith('</') ? 1 : 0) + ((n >> 3) % Math.max(1, m[0].length - 1)) : n % (len + 1);
    }
    case 'attr': {
      const m = nth(matches(text, /\s[\w:-]+="/), n);
      return m ? m.index + m[0].length : n % (len + 1);
    }
    case 'text': {
      const s = nth(valueSpans(text), n);
      return s ? s[0] + ((n >> 4) % (s[1] - s[0] + 1)) : n % (len + 1);
    }
    case 'key': {
      const m = nth(matches(text, /^[ \t]*([\w.-]+)[ \t]*=/m), n) ?? nth(matches(text, /<([A-Za-z_][\w.-]*)>/), n);
      if (!m) return n % (len + 1);
      const keyStart = m.index + m[0].indexOf(m[1]);
      return keyStart + ((n >> 4) % (m[1].length + 1));
    }
    case 'string': {
      const m = nth(matches(text, /"[^"\n\r]*"/), n);
      return m ? m.index + 1 + ((n >> 4) % Math.max(1, m[0].length - 1)) : n % (len + 1);
    }
    case 'lineStart': {
      const starts = lineStarts(text);
      return starts[n % starts.length];
    }
    default:
      return n % (len + 1);
  }
}

export function applyMutation(text: string, m: Mutation): string {
  const len = text.length;
  const at = (p: number) => p % (len + 1);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'insert':
    case 'nonAscii':
      return splice(text, at(m.at), at(m.at), m.s);
    case 'delete': {
      const s = at(m.at);
      return splice(text, s, Math.min(len, s + m.len), '');
    }
    case 'deleteLine': {
      const [s, e] = lineRange(text, m.n);
      return splice(text, s, e, '');
    }
    case 'duplicateLine': {
      const [s, e] = lineRange(text, m.n);
      const line = text.slice(s, e);
      return splice(text, e, e, /[\r\n]$/.test(line) ? line : '\n' + line);
    }
    case 'swapLines': {
      const starts = lineStarts(text);
      let a = m.a % starts.length;
      let b = m.b % starts.length;
      if (a === b) return text;
      if (a > b) [a, b] = [b, a];
      const [as, ae] = lineRange(text, a);
      const [bs, be] = lineRange(text, b);
      const strip = (s: string) => s.replace(/(\r\n|\r|\n)$/, '');
      const la = text.slice(as, ae);
      const lb = text.slice(bs, be);
      const eolA = la.slice(strip(la).length);
      const eolB = lb.slice(strip(lb).length);
      return text.slice(0, as) + strip(lb) + eolA + text.slice(ae, bs) + strip(la) + eolB + text.slice(be);
    }
    case 'swapTags': {
      const tags = matches(text, /<[^<>]*>/);
      if (tags.length < 2) return text;
      let a = m.a % tags.length;
      let b = m.b % tags.length;
      if (a === b) b = (b + 1) % tags.length;
      if (a > b) [a, b] = [b, a];
      const ta = tags[a];
      const tb = tags[b];
      return text.slice(0, ta.index) + tb[0] + text.slice(ta.index + ta[0].length, tb.index) + ta[0] + text.slice(tb.index + tb[0].length);
    }
    case 'quote': {
      if (!m.del) return splice(text, at(m.at), at(m.at), m.q);
      const qs = matches(text, m.q === '"' ? /"/ : /'/);
      const q = nth(qs, m.at);
      return q ? splice(text, q.index, q.index + 1, '') : text;
    }
    case 'eol': {
      const lines = text.split(/\r\n|\r|\n/);
      if (m.mode !== 'mixed') return lines.join(m.mode === 'crlf' ? '\r\n' : m.mode === 'cr' ? '\r' : '\n');
      const eols = ['\n', '\r\n', '\r'];
      let out = lines[0];
      let salt = m.salt;
      for (let i = 1; i < lines.length; i++) {
        out += eols[salt % 3] + lines[i];
        salt = (salt * 1103515245 + 12345) & 0x7fffffff;
      }
      return out;
    }
    case 'bom':
      if (m.where === 'prefix') return text.startsWith('\uFEFF') ? text : '\uFEFF' + text;
      if (m.where === 'double') return '\uFEFF\uFEFF' + text;
      return splice(text, at(m.at), at(m.at), '\uFEFF');
    case 'nul':
      return splice(text, at(m.at), at(m.at), '\0'.repeat(m.n));
    case 'template': {
      const p = templateAnchor(text, m.place, m.n);
      return splice(text, p, p, m.t);
    }
    case 'value': {
      const s = nth(valueSpans(text), m.n);
      return s ? splice(text, s[0], s[1], m.v) : text;
    }
    case 'keyCase': {
      const k = nth(matches(text, /<([A-Za-z_][\w.-]*)[\s>]|^[ \t]*([\w.-]+)[ \t]*=/m), m.n);
      if (!k) return text;
      const name = k[1] ?? k[2];
      const start = k.index + k[0].indexOf(name);
      const changed =
        m.mode === 'upper'
          ? name.toUpperCase()
          : m.mode === 'lower'
            ? name.toLowerCase()
            : [...name].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
      return splice(text, start, start + name.length, changed);
    }
    case 'comment': {
      const starts = lineStarts(text);
      const p = starts[m.at % starts.length];
      const eol = /\r\n/.test(text) ? '\r\n' : '\n';
      return splice(text, p, p, m.c + eol);
    }
    case 'urlParam': {
      const u = nth(matches(text, /jdbc:[^\s<>"']*/), m.n);
      if (!u) return text;
      const end = u.index + u[0].length;
      return splice(text, end, end, m.p);
    }
    case 'final': {
      const body = text.replace(/(\r\n|\r|\n|[ \t])+$/, '');
      const eol = /\r\n/.test(text) ? '\r\n' : /\r(?!\n)/.test(text) && !text.includes('\n') ? '\r' : '\n';
      return m.mode === 'strip' ? body : m.mode === 'add' ? body + eol : m.mode === 'double' ? body + eol + eol : body + '  \t';
    }
    case 'structLine': {
      const starts = lineStarts(text);
      const p = starts[m.n % starts.length];
      const eol = /\r\n/.test(text) ? '\r\n' : '\n';
      // at the very end of a file without a final newline the line needs one before it
      const pre = p === text.length && p > 0 && !/[\r\n]$/.test(text) ? eol : '';
      return splice(text, p, p, pre + m.line + eol);
    }
    case 'bigValue': {
      const big = m.ch.repeat(Math.ceil(m.size / m.ch.length));
      const spans = valueSpans(text);
      const urls = matches(text, /jdbc:[^\s<>"']*/).map((u) => [u.index + u[0].length, u.index + u[0].length] as [number, number]);
      const s = nth([...spans, ...urls], m.n);
      return s ? splice(text, s[0], s[1], big) : text + big;
    }
  }
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) t = applyMutation(t, m);
  return t;
}

/** A mutation list for printing: long strings shortened. */
export function describeMutations(ms: readonly Mutation[]): string {
  return JSON.stringify(ms, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
}
