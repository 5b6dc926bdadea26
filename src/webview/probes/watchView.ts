// The watch's results: the event timeline (rows appended as events arrive) and the latency chart, rebuilt when
// a watch starts, the theme changes or the view is resized.
import { $, el, fmt, row } from './dom';
import { chartData, markerColorVar, renderMarkerLegend, createChart, type Chart } from './chart';
import { snap } from './viewState';

let chart: Chart | null = null;

/** "  1.234 s  fresh   role-changed    writer → reader" → "writer → reader" (the text form's last column). */
function detailOf(text: string, type: string): string {
  const i = text.indexOf(type);
  return i < 0 ? text : text.slice(i + type.length).trim();
}

export function renderTimeline(): void {
  const events = snap.watch?.events ?? [];
  $('eventCount').textContent = String(events.length);
  $('eventCount').hidden = !events.length;
  $('timeline').hidden = !events.length;
  $('timelineEmpty').hidden = !!events.length;
  $('timelineEmpty').textContent = snap.watch?.running ? 'No events yet: the endpoint answers as before.' : 'No events yet: start a watch.';
  const body = $('timelineBody');
  // Events only ever append during a watch: add the new rows instead of rebuilding the table.
  const otherRun = events.length && body.firstElementChild?.getAttribute('data-t') !== String(events[0].t);
  if (body.childElementCount > events.length || otherRun) body.replaceChildren();
  for (let i = body.childElementCount; i < events.length; i++) {
    const e = events[i];
    const kind = /lost|failed|timeout/.test(e.type) ? 'lost' : /role|server|dns/.test(e.type) ? 'changed' : 'fine';
    const type = el('span', e.type, `event ${kind}`);
    const swatch = el('span', null, 'swatch');
    swatch.style.setProperty('background-color', `rgb(from var(${markerColorVar(e.type)}) r g b)`);
    type.prepend(swatch);
    const r = row([fmt(e.t / 1000, 3), e.channel, type, detailOf(e.text, e.type)], kind);
    r.setAttribute('data-t', String(e.t));
    body.append(r);
  }
}

export function renderChart(): void {
  const w = snap.watch;
  const has = !!w && w.samples.length > 0;
  $('chartEmpty').hidden = has;
  $('chartEmpty').textContent = w?.running
    ? 'Waiting for the first samples…'
    : 'No samples yet: start a watch to plot the pooled and the fresh channel.';
  $('chart').hidden = !has;
  if (!has) {
    chart?.destroy();
    chart = null;
    return;
  }
  const box = $('chart');
  const width = box.clientWidth;
  if (width <= 0) return; // collapsed or hidden: drawn when shown again
  const data = chartData(w!.samples);
  if (!chart) chart = createChart(box, width, data, () => snap.watch?.events ?? []);
  else chart.setData(data);
  renderMarkerLegend($('markerLegend'), w!.events);
}

/** Drop the chart: the next renderChart builds a new one (a new watch, a theme change). */
export function resetChart(): void {
  chart?.destroy();
  chart = null;
}

/** Redraw on resize, and rebuild on a theme switch. */
export function observeChart(): void {
  new ResizeObserver(() => {
    const width = $('chart').clientWidth;
    if (chart && width > 0 && Math.abs(width - chart.width) > 1) chart.setSize({ width, height: chart.height });
    else if (!chart && width > 0) renderChart();
  }).observe($('chart'));
  // A theme switch changes the body's class / theme id and the --vscode-* colours: redraw the chart with them.
  new MutationObserver(() => {
    chart?.destroy();
    chart = null;
    renderChart();
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
}
