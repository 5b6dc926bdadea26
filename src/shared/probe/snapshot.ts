// The view's state as a pure reduction of host messages. The host (src/extension/probe/view.ts) keeps a snapshot
// to rebuild the webview from after it was hidden; the webview (src/webview/probes) applies the same function to
// its mirror, so the two cannot drift apart. Shared by both sides: no vscode, no DOM.
import type { HostMessage, ViewSnapshot } from './protocol';

/** Samples kept per watch (the chart's window; older ones are dropped first). */
export const MAX_POINTS = 4000;

export function emptySnapshot(): ViewSnapshot {
  return { endpoint: null, oneShot: null, watch: null, status: null };
}

/** Apply a host message to the snapshot in place. */
export function reduce(s: ViewSnapshot, m: HostMessage): void {
  switch (m.type) {
    case 'init':
      Object.assign(s, emptySnapshot(), m.snapshot);
      break;
    case 'endpoint':
      s.endpoint = m.endpoint;
      break;
    case 'status':
      s.status = { text: m.text, busy: m.busy, error: m.error };
      break;
    case 'oneShot':
      s.oneShot = m.result;
      s.endpoint = m.result.endpoint;
      break;
    case 'watchStarted':
      s.watch = { runId: m.runId, running: true, samples: [], events: [], summary: null };
      s.endpoint = m.endpoint;
      break;
    case 'sample':
      if (s.watch?.runId === m.runId) {
        s.watch.samples.push(m.sample);
        if (s.watch.samples.length > MAX_POINTS) s.watch.samples.splice(0, s.watch.samples.length - MAX_POINTS);
      }
      break;
    case 'event':
      if (s.watch?.runId === m.runId) s.watch.events.push(m.event);
      break;
    case 'watchDone':
      if (s.watch?.runId === m.runId) {
        s.watch.running = false;
        s.watch.summary = m.summary;
      }
      break;
  }
}
