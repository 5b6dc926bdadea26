// Summarise a V8 .cpuprofile (from `node --cpu-prof`): top frames by self time and by total (inclusive) time.
//   node out/bench/bench/cpuprofile.js FILE.cpuprofile [N]
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Frame {
  name: string;
  selfMs: number;
  totalMs: number;
  selfPct: number;
  totalPct: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** "fn (file:line)" with paths shortened to the repository or to node_modules/<pkg>. */
export function frameName(cf: CallFrame): string {
  let file = cf.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) file = file.slice(nm);
  else if (file.startsWith(ROOT)) file = path.relative(ROOT, file).replace(/^out\/bench\//, '');
  return `${cf.functionName || '(anonymous)'}${file ? ` (${file}:${cf.lineNumber + 1})` : ''}`;
}

export function summarize(profilePath: string): { totalMs: number; frames: Frame[] } {
  const p = JSON.parse(fs.readFileSync(profilePath, 'utf8')) as Profile;
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // time per sample: timeDeltas[i] is the gap before sample i; attribute each gap to the sample it precedes
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (const [id, us] of selfUs) {
    all += us;
    const n = byId.get(id)!;
    const name = frameName(n.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // inclusive: once per distinct name on the stack (recursion counted once)
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = frameName(byId.get(cur)!.callFrame);
      if (seen.has(nm)) continue;
      seen.add(nm);
      total.set(nm, (total.get(nm) ?? 0) + us);
    }
  }
  const frames = [...total.keys()].map((name) => ({
    name,
    selfMs: (self.get(name) ?? 0) / 1000,
    totalMs: total.get(name)! / 1000,
    selfPct: (100 * (self.get(name) ?? 0)) / all,
    totalPct: (100 * total.get(name)!) / all,
  }));
  return { totalMs: all / 1000, frames };
}

function table(frames: Frame[], key: 'selfPct' | 'totalPct', n: number): string {
  return [...frames]
    .filter((f) => !/^\((root|program|idle)\)/.test(f.name))
    .sort((a, b) => b[key] - a[key])
    .slice(0, n)
    .map((f) => `${f.selfPct.toFixed(1).padStart(5)}% self ${f.totalPct.toFixed(1).padStart(5)}% total  ${f.name}`)
    .join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  const n = Number(process.argv[3] ?? 25);
  if (!file) {
    console.error('usage: node out/bench/bench/cpuprofile.js FILE.cpuprofile [N]');
    process.exit(2);
  }
  const s = summarize(file);
  console.log(
    `profile ${file}: ${s.totalMs.toFixed(0)} ms sampled\n\n-- by self time --\n${table(s.frames, 'selfPct', n)}\n\n-- by total time --\n${table(s.frames, 'totalPct', n)}`,
  );
}
