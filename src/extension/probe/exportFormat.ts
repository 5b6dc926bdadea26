// What "Export JSON…" / "Export Markdown…" write of the last run the Probes view shows (one-shot and/or watch).
// Pure text from the view's snapshot; the controller scrubs it and writes it where the save dialog says.
import type { ProbesView } from './view';

export function exportJson(s: ProbesView['snapshot']): string {
  const out: Record<string, unknown> = { endpoint: s.endpoint };
  if (s.oneShot) Object.assign(out, { at: s.oneShot.at }, s.oneShot.json);
  if (s.watch) out.watch = { events: s.watch.events.map(({ text: _t, ...e }) => e), summary: s.watch.summary };
  return JSON.stringify(out, null, 2) + '\n';
}

export function exportMarkdown(s: ProbesView['snapshot']): string {
  const L: string[] = ['# Aurora probe run', ''];
  const ep = s.endpoint;
  if (ep)
    L.push(
      `Endpoint: \`${ep.host}:${ep.port}\` as \`${ep.user}\`${ep.readerHost ? `, reader \`${ep.readerHost}\`` : ''} (${ep.source})`,
      '',
    );
  const o = s.oneShot;
  if (o) {
    const sv = o.server;
    L.push(
      `## Server (${o.at})`,
      '',
      `- ${sv.flavor} ${sv.version}, **${sv.role}**, server ${sv.serverId}, max_connections ${sv.maxConnections ?? '?'}`,
    );
    if (o.reader) L.push(`- reader endpoint: ${o.reader.flavor} ${o.reader.version}, **${o.reader.role}**, server ${o.reader.serverId}`);
    L.push(
      '',
      '## Validation-query lab',
      '',
      '| query | endpoint | ok | error | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|---|---|---|',
    );
    const f = (n: number | null) => (n === null ? '–' : n.toFixed(2));
    for (const q of o.json.queries) {
      const cells = [
        `\`${q.sql.replace(/\|/g, '\\|')}\``,
        q.endpoint,
        q.ok ? 'yes' : 'no',
        q.errorCode ?? '',
        f(q.p50Ms),
        f(q.p95Ms),
        f(q.maxMs),
      ];
      L.push(`| ${cells.join(' | ')} |`);
    }
    L.push('', `**Verdict:** ${o.lab.verdict.text}`, '');
  }
  if (s.watch) {
    L.push('## Watch', '', '```');
    for (const e of s.watch.events) L.push(e.text);
    L.push('```', '');
    if (s.watch.summary) {
      const w = s.watch.summary;
      const dns = w.staleDnsMs === undefined ? '' : `, stale DNS ${w.staleDnsMs === null ? '– (not resolved)' : `${w.staleDnsMs} ms`}`;
      const figures = `Downtime ${w.downtimeMs} ms, time to writable ${w.timeToWritableMs ?? '–'} ms, stale role ${w.staleRoleMs} ms${dns}.`;
      L.push(figures, '', `**Verdict:** ${w.text}`, '');
      if (w.forecast) {
        L.push(`### Forecast for ${w.forecast.source}`, '', '| scenario | now | after fix-all |', '|---|---|---|');
        for (const r of w.forecast.rows) L.push(`| ${r.label} | ${r.now.replace(/\|/g, '\\|')} | ${r.after.replace(/\|/g, '\\|')} |`);
        L.push('', `*${w.forecast.caveat}*`, '');
      }
    }
  }
  return L.join('\n');
}
