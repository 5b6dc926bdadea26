// Sentinel secrets for the leak search (issue 6, part 4): unique per run, with characters that URL encoding and
// JSON change, searched in every output as written and as base64 (at each of the three byte alignments, plain
// and URL-safe), URL-encoded, and hex. Used by the CLI part (test/reliability/secrets.test.ts) and the
// extension-host part (test/vscode/reliability/secrets.test.ts).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A fresh sentinel: `AgPw+<hex>/x=&y` style, so its encoded forms differ from the raw one. */
export function makeSentinel(kind: string): string {
  return `Ag${kind}+${randomBytes(8).toString('hex')}/S3nt=&1`;
}

/** Every form of `s` an output could carry, by name. */
export function encodedForms(s: string): [string, string][] {
  const forms: [string, string][] = [['raw', s], ['url-encoded', encodeURIComponent(s)], ['hex', Buffer.from(s).toString('hex')]];
  for (let k = 0; k < 3; k++) {
    const b = Buffer.concat([Buffer.alloc(k), Buffer.from(s)]);
    for (const [name, enc] of [['base64', b.toString('base64')], ['base64url', b.toString('base64url')]] as const) {
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

/** The outputs searched, each counted once (an output that was empty is listed but not counted). */
export class LeakSearch {
  readonly channels = new Map<string, { bytes: number; searches: number }>();
  readonly leaks: Leak[] = [];
  private readonly forms: { secret: string; form: string; text: string }[] = [];

  constructor(readonly secrets: Record<string, string>) {
    for (const [secret, value] of Object.entries(secrets)) for (const [form, text] of encodedForms(value)) this.forms.push({ secret, form, text });
  }

  /** Search one piece of output of `channel` (call as often as the channel produces output). */
  check(channel: string, content: string | Buffer | undefined | null): Leak[] {
    const text = content === undefined || content === null ? '' : typeof content === 'string' ? content : content.toString('latin1');
    const c = this.channels.get(channel) ?? { bytes: 0, searches: 0 };
    c.bytes += text.length;
    c.searches++;
    this.channels.set(channel, c);
    const found: Leak[] = [];
    for (const f of this.forms) {
      const i = text.indexOf(f.text);
      if (i < 0) continue;
      const context = text.slice(Math.max(0, i - 60), i + f.text.length + 60).split(f.text).join(`<${f.secret}>`);
      found.push({ channel, secret: f.secret, form: f.form, context });
    }
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
    return [...this.channels].filter(([, c]) => c.bytes > 0).map(([n]) => n).sort();
  }

  toJSON() {
    return {
      outputs: this.searched().length,
      leaks: this.leaks.length,
      channels: Object.fromEntries([...this.channels].sort(([a], [b]) => a.localeCompare(b))),
      leakDetails: this.leaks.slice(0, 50),
    };
  }
}
