// Run jobs in child processes with a hard time limit each (a hang is killed, reported, and counted).
// Child processes, not worker threads: a worker stuck in a long regular-expression match keeps its core
// busy after terminate(), which would slow every later job; SIGKILL always ends a child.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { FixAnswer, Job, LintAnswer } from './worker';

export type Outcome =
  | { ok: true; result: LintAnswer; fixes: FixAnswer | null; fixTimeout: boolean; wallMs: number }
  | { ok: false; reason: 'timeout' | 'error'; detail: string; wallMs: number };

/**
 * Lint `job` in a child process. `limitMs` bounds the time until the lint answer (start-up included); the
 * fix checks that follow get `fixMs(lintMs)`. The child runs with Node's default (main-thread) stack, so a
 * recursion that overflows in the editor or the CLI overflows here too.
 */
export function runInChild(
  job: Job,
  limitMs: number,
  fixMs: (lintMs: number) => number = (ms) => Math.max(3000, ms * 4 * (1 + ('fixes' in job ? job.fixes : 0))),
): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = fork(path.join(__dirname, 'worker.js'), [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      execArgv: ['--max-old-space-size=3072'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let lint: LintAnswer | null = null;
    let done = false;
    let timer: NodeJS.Timeout;
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(o);
    };
    const arm = (ms: number, onTimeout: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, ms);
    };
    arm(limitMs, () => finish({ ok: false, reason: 'timeout', detail: `no result after ${limitMs} ms (killed)`, wallMs: Date.now() - t0 }));
    child.on('message', (m: LintAnswer | FixAnswer) => {
      if (m.phase === 'lint') {
        lint = m;
        if (!m.checkingFixes) return finish({ ok: true, result: m, fixes: null, fixTimeout: false, wallMs: Date.now() - t0 });
        const ms = fixMs(m.lintMs);
        arm(ms, () => finish({ ok: true, result: m, fixes: null, fixTimeout: true, wallMs: Date.now() - t0 }));
      } else if (lint) {
        finish({ ok: true, result: lint, fixes: m, fixTimeout: false, wallMs: Date.now() - t0 });
      }
    });
    child.on('error', (e) => finish({ ok: false, reason: 'error', detail: String(e?.message ?? e), wallMs: Date.now() - t0 }));
    child.on('exit', (code, signal) => {
      if (!done)
        finish({
          ok: false,
          reason: 'error',
          detail: `child exited (${signal ?? code}) before answering: ${stderr.split('\n').slice(0, 6).join(' / ')}`,
          wallMs: Date.now() - t0,
        });
    });
    child.send(job);
  });
}

/** Run jobs with at most `parallel` children at a time. */
export async function runAll<T>(items: T[], parallel: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, parallel) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
}
