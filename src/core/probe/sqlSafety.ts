// The probe runs a config file's own validationQuery against a live database, so it must be sure that the
// text is one read-only SELECT. This is a small lexer, not a parser: it is deliberately strict and refuses
// anything it can't vouch for (the user can still run such a query by hand).

export type SqlCheck = { ok: true; sql: string } | { ok: false; reason: string };

const MAX_LENGTH = 2000;

/** Functions that write, lock, sleep, read server files, call out of the database (Aurora ML/Lambda) or burn CPU. */
const FORBIDDEN_FUNCTIONS = new Set([
  'sleep',
  'benchmark',
  'get_lock',
  'release_lock',
  'release_all_locks',
  'load_file',
  'master_pos_wait',
  'source_pos_wait',
  'master_gtid_wait',
  'wait_for_executed_gtid_set',
  'wait_until_sql_thread_after_gtids',
  'nextval',
  'setval',
  'lastval',
  'lambda_sync',
  'lambda_async',
  'aws_sagemaker_invoke_endpoint',
  'aws_comprehend_detect_sentiment',
  'aws_comprehend_detect_sentiment_confidence',
  'aws_bedrock_invoke_model',
]);

/** Keywords that make a SELECT write, lock, or export. */
const FORBIDDEN_WORDS = new Set(['into', 'outfile', 'dumpfile', 'procedure', 'lock', 'handler']);

type Tok = { kind: 'word' | 'ident' | 'punct' | 'string' | 'number' | 'var'; text: string };

/** Tokens outside strings and comments; throws a reason for constructs that are refused outright. */
function lex(sql: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      // MySQL executes the body of /*! … */ (and MariaDB of /*M! … */): not a comment for our purposes
      if (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))
        throw new Error('executable comments (/*! … */) are not allowed');
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 2;
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-' && (i + 2 >= sql.length || /\s/.test(sql[i + 2]))) || c === '#') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error('unterminated quoted string');
        if (sql[j] === '\\' && c !== '`') {
          j += 2;
          continue;
        }
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j += 2;
            continue;
          } // doubled quote
          break;
        }
        j++;
      }
      // back-quoted identifiers are names (never keywords); quoted strings are data
      toks.push({ kind: c === '`' ? 'ident' : 'string', text: c === '`' ? sql.slice(i + 1, j).toLowerCase() : sql.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c === '@') {
      const m = /^@@?[A-Za-z0-9_.$]*/.exec(sql.slice(i));
      toks.push({ kind: 'var', text: m![0].toLowerCase() });
      i += m![0].length;
      continue;
    }
    const w = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(sql.slice(i));
    if (w) {
      toks.push({ kind: 'word', text: w[0].toLowerCase() });
      i += w[0].length;
      continue;
    }
    const n = /^[0-9][0-9.eE+-]*/.exec(sql.slice(i));
    if (n) {
      toks.push({ kind: 'number', text: n[0] });
      i += n[0].length;
      continue;
    }
    if (c === ':' && sql[i + 1] === '=') {
      toks.push({ kind: 'punct', text: ':=' });
      i += 2;
      continue;
    }
    toks.push({ kind: 'punct', text: c });
    i++;
  }
  return toks;
}

/**
 * Accept `sql` only if it is a single read-only SELECT: one statement (a trailing `;` is dropped), starting
 * with SELECT, without INTO, FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE, variable assignment, executable
 * comments, or functions that write, lock, sleep or call outside the database.
 */
export function checkReadOnlySelect(sql: string | null | undefined): SqlCheck {
  const refuse = (why: string): SqlCheck => ({
    ok: false,
    reason: `validationQuery not run: ${why}. The probe runs only a single read-only SELECT.`,
  });
  if (typeof sql !== 'string' || sql.trim() === '') return refuse('it is empty');
  if (sql.length > MAX_LENGTH) return refuse(`it is longer than ${MAX_LENGTH} characters`);
  if (/[\u0000]/.test(sql)) return refuse('it contains a NUL character');
  let toks: Tok[];
  try {
    toks = lex(sql);
  } catch (e) {
    return refuse((e as Error).message);
  }
  // drop trailing semicolons (`select connection_id();` is common in WSO2 configs); any other `;` separates statements
  let end = toks.length;
  while (end > 0 && toks[end - 1].kind === 'punct' && toks[end - 1].text === ';') end--;
  const body = toks.slice(0, end);
  if (body.some((t) => t.kind === 'punct' && t.text === ';')) return refuse('it contains more than one statement (`;` in the middle)');
  const first = body.find((t) => !(t.kind === 'punct' && t.text === '('));
  if (!first || first.kind !== 'word' || first.text !== 'select') {
    return refuse(`it is not a SELECT (starts with ${first ? `\`${first.text}\`` : 'nothing'})`);
  }
  for (let k = 0; k < body.length; k++) {
    const t = body[k];
    const next = body[k + 1];
    if (t.kind === 'punct' && t.text === ':=') return refuse('it assigns a variable (`:=`)');
    if (
      t.kind === 'var' &&
      !t.text.startsWith('@@') &&
      next?.kind === 'punct' &&
      next.text === '=' &&
      body[k - 1]?.kind === 'word' &&
      body[k - 1].text === 'set'
    ) {
      return refuse('it assigns a variable');
    }
    if (t.kind === 'ident' && next?.kind === 'punct' && next.text === '(' && FORBIDDEN_FUNCTIONS.has(t.text))
      return refuse(`it calls ${t.text}()`);
    if (t.kind !== 'word') continue;
    if (t.text === 'for' && next?.kind === 'word' && (next.text === 'update' || next.text === 'share'))
      return refuse(`it locks rows (FOR ${next.text.toUpperCase()})`);
    if (FORBIDDEN_WORDS.has(t.text)) return refuse(`it contains \`${t.text.toUpperCase()}\``);
    if (
      [
        'insert',
        'update',
        'delete',
        'replace',
        'create',
        'drop',
        'alter',
        'truncate',
        'grant',
        'revoke',
        'set',
        'call',
        'load',
        'rename',
        'kill',
        'shutdown',
        'flush',
        'purge',
        'reset',
        'install',
        'uninstall',
      ].includes(t.text) &&
      !(body[k - 1]?.kind === 'punct' && body[k - 1].text === '.')
    ) {
      // a keyword used as a column name would need back-quotes (then it lexes as a name, not here)
      return refuse(`it contains \`${t.text.toUpperCase()}\``);
    }
    if (next?.kind === 'punct' && next.text === '(' && FORBIDDEN_FUNCTIONS.has(t.text)) return refuse(`it calls ${t.text}()`);
  }
  return { ok: true, sql: sql.trim().replace(/[;\s]+$/, '') };
}
