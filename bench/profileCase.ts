// Run lintText on one input in a loop, for profiling with `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof out/bench/bench/profileCase.js INPUT [MS] [--diagnostics]
//   node out/bench/bench/cpuprofile.js /tmp/prof/*.cpuprofile 30
// INPUT is a file path, or synthetic:xml:BYTES / synthetic:toml:BYTES (the bench's generator, same seed).
// Default: lint with every fix built, as the bench's "lint"; --diagnostics: lazy fixes, none built (the editor's path).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintText } from '../src/core/lint';
import { resolveOptions } from '../src/core/config/options';
import { syntheticToml, syntheticXml } from './synthetic';

const args = process.argv.slice(2).filter((a) => a !== '--diagnostics');
const diagnosticsOnly = args.length !== process.argv.length - 2;
const input = args[0];
const ms = Number(args[1] ?? 5000);
if (!input) {
  console.error('usage: node out/bench/bench/profileCase.js FILE|synthetic:xml:BYTES|synthetic:toml:BYTES [MS]');
  process.exit(2);
}
let name: string;
let text: string;
const m = /^synthetic:(xml|toml):(\d+)$/.exec(input);
if (m) {
  name = m[1] === 'xml' ? 'master-datasources.xml' : 'deployment.toml';
  text = m[1] === 'xml' ? syntheticXml(Number(m[2])) : syntheticToml(Number(m[2]));
} else {
  name = path.basename(input);
  text = fs.readFileSync(input, 'utf8');
}
const opts = resolveOptions();
const end = performance.now() + ms;
let n = 0;
const t0 = performance.now();
while (performance.now() < end || n === 0) {
  lintText(name, text, opts, { fixes: diagnosticsOnly ? 'lazy' : 'eager' });
  n++;
}
console.log(
  `${n} ${diagnosticsOnly ? 'diagnostics-only ' : ''}lint calls of ${name} (${text.length} chars), ${((performance.now() - t0) / n).toFixed(3)} ms each (under the profiler)`,
);
