// What a test sees of an outcome: the rejection of a promise, every text a user, a log or a webview could see
// of a value, and the CLI run in-process with environment variables set around it. No server, no side effects.
import { inspect } from 'node:util';
import { run } from '../../src/cli/main';

/** Everything a user, a log or a webview could see of an outcome. */
export function surfaces(x: unknown): string {
  return [
    String(x),
    inspect(x, { depth: 10, showHidden: true }),
    JSON.stringify(x) ?? '',
    x instanceof Error ? `${x.message}\n${x.stack}` : '',
  ].join('\n');
}

/** The value a promise rejects with (a test failure if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** `aurora-guard …` in-process; env entries are set (undefined = unset) for the run and restored after it. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}
