// The watch as an async iterable (the CLI's stream of JSON lines): events as they happen, then the summary.
import { runWatch } from './engine';
import type { WatchEvent, WatchOptions, WatchResult, WatchSummary } from './types';

/**
 * The same watch as an async iterable: events as they happen, then the summary. Breaking out of the loop
 * stops the watch (and closes its connections).
 */
export async function* watchStream(
  opts: Omit<WatchOptions, 'onEvent'>,
): AsyncGenerator<WatchEvent | WatchSummary, WatchResult | undefined> {
  const ac = new AbortController();
  const onOuterAbort = () => ac.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) ac.abort();
  const queue: WatchEvent[] = [];
  let wake: (() => void) | null = null;
  let result: WatchResult | undefined;
  let failure: unknown = null;
  let finished = false;
  const run = runWatch({
    ...opts,
    signal: ac.signal,
    onEvent: (e) => {
      queue.push(e);
      wake?.();
    },
  })
    .then(
      (r) => {
        result = r;
      },
      (e) => {
        failure = e;
      },
    )
    .finally(() => {
      finished = true;
      wake?.();
    });
  try {
    for (;;) {
      while (queue.length) yield queue.shift()!;
      if (finished) break;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    if (failure) throw failure;
    if (result) yield result.summary;
    return result;
  } finally {
    // the consumer stopped early: stop the watch and wait for its connections to close
    if (!finished) ac.abort();
    await run;
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
