// The latency chart of a watch (uPlot): one line per channel (pooled: the role query on a kept connection;
// fresh: connect + role query), failed probes as gaps, and a dashed vertical marker per watch event. Colours
// come from the theme's --vscode-charts-* variables, read when the chart is built (watchView.ts rebuilds it on a
// theme change).
import uPlot from 'uplot';
import type { WatchSample } from '../../core/probe/watch/types';
import type { ViewEvent } from '../../shared/probe/protocol';

export type Chart = uPlot;
const HEIGHT = 190;

/** The theme variable that colours an event type's marker (and its swatch in the timeline). */
export function markerColorVar(type: string): string {
  if (/lost|failed/.test(type)) return '--vscode-charts-red';
  if (type === 'timeout') return '--vscode-charts-yellow';
  if (type === 'role-changed') return '--vscode-charts-orange';
  if (type === 'server-changed') return '--vscode-charts-purple';
  if (type === 'dns-changed') return '--vscode-charts-blue';
  return '--vscode-charts-green';
}

const FALLBACK: Record<string, string> = {
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
};

function themeColor(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || FALLBACK[name] || '#888';
}

/**
 * A theme colour without its alpha, for lines and markers: some themes derive a chart colour from a translucent
 * one (Dark Modern's charts.orange is the minimap's find-match colour at 33 %), which draws a thin line too faint.
 */
function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)[\s,/]+[\d.%]+\s*\)$/i.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  const hex = /^#([0-9a-f]{6})[0-9a-f]{2}$/i.exec(color) ?? /^#([0-9a-f]{3})[0-9a-f]$/i.exec(color);
  return hex ? `#${hex[1]}` : color;
}

function lineColor(name: string): string {
  return opaque(themeColor(name));
}

/** uPlot columns: x in seconds; per channel undefined = no sample of it at this x, null = a failed probe (a gap). */
export function chartData(samples: WatchSample[]): uPlot.AlignedData {
  const xs: number[] = [],
    pooled: (number | null | undefined)[] = [],
    fresh: (number | null | undefined)[] = [];
  for (const s of samples) {
    xs.push(s.t / 1000);
    pooled.push(s.channel === 'pooled' ? (s.ok ? s.ms : null) : undefined);
    fresh.push(s.channel === 'fresh' ? (s.ok ? s.ms : null) : undefined);
  }
  return [xs, pooled, fresh] as uPlot.AlignedData;
}

function markerPlugin(events: () => ViewEvent[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          for (const e of events()) {
            const x = u.valToPos(e.t / 1000, 'x', true);
            if (!(x >= left && x <= left + width)) continue;
            ctx.strokeStyle = lineColor(markerColorVar(e.type));
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function createChart(box: HTMLElement, width: number, data: uPlot.AlignedData, events: () => ViewEvent[]): Chart {
  const fg = themeColor('--vscode-charts-foreground');
  const grid = themeColor('--vscode-charts-lines');
  const font = `${getComputedStyle(document.body).getPropertyValue('--vscode-font-size').trim() || '13px'} ${getComputedStyle(document.body).fontFamily}`;
  const axis: uPlot.Axis = { stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 } };
  const ms = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : `${v.toFixed(1)} ms`);
  return new uPlot(
    {
      width,
      height: HEIGHT,
      plugins: [markerPlugin(events)],
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      // the legend names the lines (the axes carry the values)
      legend: { live: false },
      axes: [
        { ...axis, label: 'seconds since start', labelSize: 20, size: 36 },
        { ...axis, label: 'ms', labelSize: 20, size: 44 },
      ],
      series: [
        { label: 't', value: (_u, v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} s`) },
        { label: 'pooled', stroke: lineColor('--vscode-charts-blue'), width: 2, spanGaps: false, points: { size: 3 }, value: ms },
        { label: 'fresh', stroke: lineColor('--vscode-charts-orange'), width: 2, spanGaps: false, points: { size: 3 }, value: ms },
      ],
    },
    data,
    box,
  );
}

/** The event types on the chart with their marker colours. */
export function renderMarkerLegend(box: HTMLElement, events: ViewEvent[]): void {
  const types = [...new Set(events.map((e) => e.type))];
  box.replaceChildren(
    ...types.map((t) => {
      const item = document.createElement('span');
      item.className = 'marker';
      const swatch = document.createElement('span');
      swatch.className = 'dash';
      swatch.style.setProperty('border-color', `rgb(from var(${markerColorVar(t)}) r g b)`);
      item.append(swatch, t);
      return item;
    }),
  );
  box.hidden = types.length === 0;
}
