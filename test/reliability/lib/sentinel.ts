// Sentinel secrets for the leak search (issue 6, part 4): unique per run, with characters that URL encoding and
// JSON change, searched in every output as written and as base64 (at each of the three byte alignments, plain
// and URL-safe), URL-encoded, and hex. Used by the CLI part (test/reliability/secrets.test.ts) and the
// extension-host part (test/vscode/reliability/secrets.test.ts).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseToken } from '../../probe/rdsToken';

/** A fresh sentinel: `AgPw+<hex>/x=&y` style, so its encoded forms differ from the raw one. */
export function makeSentinel(kind: string): string {
  return `Ag${kind}+${randomBytes(8).toString('hex')}/S3nt=&1`;
}

/** Every form of `s` an output could carry, by name. */
export function encodedForms(s: string): [string, string][] {
  const forms: [string, string][] = [
    ['raw', s],
    ['url-encoded', encodeURIComponent(s)],
    ['hex', Buffer.from(s).toString('hex')],
  ];
  for (let k = 0; k < 3; k++) {
    const b = Buffer.concat([Buffer.alloc(k), Buffer.from(s)]);
    for (const [name, enc] of [
      ['base64', b.toString('base64')],
      ['base64url', b.toString('base64url')],
    ] as const) {
      // drop the first group (it mixes in the padding bytes) and the last (it mixes in whatever follows)
      const core = enc.replace(/=+$/, '').slice(k > 0 ? 4 : 0, -4);
      forms.push([`${name}@${k}`, core]);
    }
  }
  return forms;
}

export interface Leak {
  channel: string;
  secret: string;
  form: string;
  /** A short excerpt around the hit, the secret itself masked. */
  context: string;
}

/**
 * The outputs searched, each counted once (an output that was empty is listed but not counted). Every text
 * searched is kept, so a secret learnt later (an IAM token the server received) is searched for in the outputs
 * that came before it too (addSecret).
 */
export class LeakSearch {
  readonly channels = new Map<string, { bytes: number; searches: number }>();
  readonly leaks: Leak[] = [];
  readonly secrets: Record<string, string> = {};
  private readonly forms: { secret: string; form: string; text: string }[] = [];
  private readonly seen: { channel: string; text: string }[] = [];

  constructor(secrets: Record<string, string>) {
    for (const [name, value] of Object.entries(secrets)) this.addForms(name, value);
  }

  private addForms(name: string, value: string): { secret: string; form: string; text: string }[] {
    this.secrets[name] = value;
    const added = encodedForms(value).map(([form, text]) => ({ secret: name, form, text }));
    this.forms.push(...added);
    return added;
  }

  /** Search for one more secret, in what is searched from now on and in every output searched so far. */
  addSecret(name: string, value: string): Leak[] {
    if (name in this.secrets) throw new Error(`secret ${name} is already searched for`);
    const forms = this.addForms(name, value);
    const found: Leak[] = [];
    for (const { channel, text } of this.seen) found.push(...this.find(channel, text, forms));
    this.leaks.push(...found);
    return found;
  }

  private find(channel: string, text: string, forms: { secret: string; form: string; text: string }[]): Leak[] {
    const found: Leak[] = [];
    for (const f of forms) {
      const i = text.indexOf(f.text);
      if (i < 0) continue;
      const context = text
        .slice(Math.max(0, i - 60), i + f.text.length + 60)
        .split(f.text)
        .join(`<${f.secret}>`);
      found.push({ channel, secret: f.secret, form: f.form, context });
    }
    return found;
  }

  /** Search one piece of output of `channel` (call as often as the channel produces output). */
  check(channel: string, content: string | Buffer | undefined | null): Leak[] {
    const text = content === undefined || content === null ? '' : typeof content === 'string' ? content : content.toString('latin1');
    const c = this.channels.get(channel) ?? { bytes: 0, searches: 0 };
    c.bytes += text.length;
    c.searches++;
    this.channels.set(channel, c);
    if (text.length > 0) this.seen.push({ channel, text });
    const found = this.find(channel, text, this.forms);
    this.leaks.push(...found);
    return found;
  }

  /** Search every regular file under `dir` (recursively), each file as part of `channel(file)`. */
  checkTree(dir: string, channel: (rel: string) => string | null): number {
    let files = 0;
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) {
          const ch = channel(path.relative(dir, p));
          if (ch === null) continue;
          this.check(ch, fs.readFileSync(p));
          files++;
        }
      }
    };
    if (fs.existsSync(dir)) walk(dir);
    return files;
  }

  /** Outputs that carried something (the count the summary reports). */
  searched(): string[] {
    return [...this.channels]
      .filter(([, c]) => c.bytes > 0)
      .map(([n]) => n)
      .sort();
  }

  toJSON() {
    return {
      outputs: this.searched().length,
      leaks: this.leaks.length,
      /** What was searched for, by kind (`iam token #3` → `iam token`), with how many of each. */
      secretKinds: Object.keys(this.secrets).reduce<Record<string, number>>((acc, n) => {
        const kind = n.replace(/ #\d+$/, '');
        acc[kind] = (acc[kind] ?? 0) + 1;
        return acc;
      }, {}),
      channels: Object.fromEntries([...this.channels].sort(([a], [b]) => a.localeCompare(b))),
      leakDetails: this.leaks.slice(0, 50),
    };
  }
}

/**
 * Search for IAM auth tokens learnt after the fact (what a simulated server received): each distinct token and its
 * X-Amz-Signature, in every output searched so far and from now on. Returns how many distinct tokens were added.
 */
export function searchIamTokens(search: LeakSearch, tokens: Iterable<string>): number {
  const known = new Set(Object.values(search.secrets));
  let n = 0;
  for (const token of new Set(tokens)) {
    if (known.has(token)) continue;
    n++;
    const i = Object.keys(search.secrets).filter((k) => k.startsWith('iam token #')).length + 1;
    search.addSecret(`iam token #${i}`, token);
    const sig = parseToken(token)?.params['X-Amz-Signature'];
    if (sig) search.addSecret(`iam token signature #${i}`, sig);
  }
  return n;
}
