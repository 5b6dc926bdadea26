// `npm run bench`: Aurora Failover Guard's benchmark (issue 5). Every lint figure comes with a floor (and for TOML a
// peer) measured in the same process, interleaved round by round, median of several rounds after a warm-up.
//
//   node out/bench/bench/run.js [--json] [--json-out FILE] [--quick] [--only lint,activation,probe] [--cap-ms N] [--no-host]
//
// --json prints exactly one JSON object on stdout (progress goes to stderr). Through npm use `npm run -s bench -- --json`:
// without -s, npm itself prints a "> aurora-failover-guard@… bench" banner on stdout before it.
import * as os from 'node:os';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runLintSection, type LintSection, type LintCaseOut } from './lint';
import { runActivationSection, type ActivationSection } from './activation';
import { runProbeSection, type ProbeSection } from './probe';
import { runForecastSection } from './forecast';
import { runCliSection } from './cli';
import { fmt, r3 } from './stats';

const USAGE = `npm run bench [-- OPTIONS]   (or: node out/bench/bench/run.js OPTIONS after tsc -p bench/tsconfig.json)
  --json            print exactly one JSON object on stdout (use \`npm run -s bench -- --json\`: npm prints a banner otherwise)
  --json-out FILE   also write the JSON to FILE
  --quick           fewer rounds (a smoke test)
  --only LIST       sections to run: lint,activation,probe,cli (default all)
  --cap-ms N        cap for one lint call of a 1 MiB file, ms (default 15000)
  --no-host         do not start the VS Code host for activate() (then it is read from .test-output/activation.json if
                    that describes the current bundle)
Sections: lint, forecast, activation, probe (--only forecast runs just the forecast's).
Environment: AURORA_GUARD_BENCH_CORPUS (default ../shared/corpus; without it test/fixtures are used),
             AURORA_GUARD_BENCH_WRITER_PORT / AURORA_GUARD_BENCH_READER_PORT (the bench's own MariaDB, default 23306/23307)
See docs/benchmarks.md.
`;

interface Args {
  json: boolean;
  jsonOut: string | null;
  quick: boolean;
  only: Set<string>;
  capMs: number;
  host: 'auto' | 'off';
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    json: false,
    jsonOut: null,
    quick: false,
    only: new Set(['lint', 'forecast', 'activation', 'probe', 'cli']),
    capMs: 15000,
    host: 'auto',
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const val = () => (x.includes('=') ? x.slice(x.indexOf('=') + 1) : argv[++i]);
    if (x === '--json') a.json = true;
    else if (x.startsWith('--json-out')) a.jsonOut = val();
    else if (x === '--quick') a.quick = true;
    else if (x.startsWith('--only'))
      a.only = new Set(
        val()
          .split(',')
          .map((s) => s.trim()),
      );
    else if (x.startsWith('--cap-ms')) a.capMs = Number(val());
    else if (x === '--no-host') a.host = 'off';
    else if (x === '--help' || x === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else {
      process.stderr.write(`unknown option ${x} (see --help)\n`);
      process.exit(2);
    }
  }
  return a;
}

interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

function targets(lint: LintSection | null, act: ActivationSection | null, probe: ProbeSection | null): Target[] {
  const t: Target[] = [];
  if (lint) {
    for (const [id, c] of Object.entries(lint.cases)) {
      if (c.kind === 'real')
        t.push({
          name: `lint ${id} (${c.sizeClass})`,
          target: '≤ 2 ms median',
          value: c.ms === null ? 'not measured' : `${c.ms} ms${c.noisy ? ' (noisy)' : ''}`,
          met: c.met ?? null,
        });
    }
    if (lint.sweep) {
      t.push({
        name: `lint, every real file (${lint.sweep.files} files)`,
        target: '≤ 2 ms median each',
        value: `max ${lint.sweep.maxMs} ms (${lint.sweep.maxFile}); ${lint.sweep.over2ms.length} file(s) over 2 ms`,
        met: lint.sweep.over2ms.length === 0,
      });
    }
    for (const [id, c] of Object.entries(lint.cases)) {
      if (c.kind === 'synthetic') {
        t.push({
          name: `lint ${id}`,
          target: '≤ 2× floor',
          value:
            c.ratioToFloor !== null
              ? `${c.ratioToFloor}× floor (${c.ms} ms vs ${c.floorMs} ms)${c.diagnostics?.ratioToFloor != null ? `; diagnostics only ${c.diagnostics.ratioToFloor}×` : ''}`
              : c.timedOut
                ? `> ${c.msAtLeast} ms (stopped) vs floor ${c.floorMs} ms`
                : 'not measured',
          met: c.ratioToFloor !== null ? c.ratioToFloor <= 2 : c.timedOut ? false : null,
        });
      }
      if (c.peer) {
        t.push({
          name: `lint ${id} vs taplo`,
          target: '≥ 10× faster than taplo (ratio ≤ 0.1)',
          value:
            c.ratioToPeer !== null
              ? `${c.ratioToPeer}× taplo (${c.ms} ms vs ${c.peerMs} ms)`
              : c.timedOut
                ? `> ${c.msAtLeast} ms (stopped) vs taplo ${c.peerMs} ms`
                : 'not measured',
          met: c.ratioToPeer !== null ? c.ratioToPeer <= 0.1 : c.timedOut && c.peerMs !== null ? false : null,
        });
      }
      if (c.kind === 'incremental') {
        const d = c.diagnostics;
        t.push({
          name: `incremental ${id} (new diagnostics)`,
          target: '≤ 2 ms',
          value: !d || d.ms === null ? 'not measured' : `diagnostics ${d.ms} ms${d.noisy ? ' (noisy)' : ''}; lint + fixes ${c.ms} ms`,
          met: c.met ?? null,
        });
      }
    }
  }
  if (act) {
    t.push({
      name: 'activation: activate() in the real VS Code host',
      target: '≤ 30 ms',
      value:
        act.ms === null
          ? 'not measured (no VS Code host here)'
          : `${act.ms} ms (median of ${act.host.samples.length}, VS Code ${act.host.vscodeVersion}, ${act.host.appName}${act.host.source === 'file' ? ', from .test-output/activation.json' : ''})`,
      met: act.ms === null ? null : act.ms <= 30,
    });
    t.push({
      name: 'activation: bundle without the probe chunk',
      target: '≤ 400 KB (400,000 bytes)',
      value: act.bundleBytes === null ? 'no bundle' : `${act.bundleBytes} bytes (${Math.round(act.bundleBytes / 1024)} KiB)`,
      met: act.bundleBytes === null ? null : act.bundleBytes <= 400000,
    });
    t.push({
      name: 'activation: mysql2 not loaded until the first probe',
      target: 'not loaded at activation',
      value:
        act.mysql2LoadedAtActivation === null
          ? 'unknown'
          : act.mysql2LoadedAtActivation
            ? 'loaded'
            : `not loaded (not in dist/extension.js; probe chunk ${act.probeChunkBytes ?? '—'} bytes${act.host.mysql2LoadedAtActivation === false ? '; neither mysql2 nor the chunk in the real host at activation' : ''})`,
      met: act.mysql2LoadedAtActivation === null ? null : !act.mysql2LoadedAtActivation,
    });
  }
  if (probe) {
    t.push({
      name: 'probe: tick overhead vs raw mysql2',
      target: '≤ 1.2×',
      value:
        probe.overheadRatio === null
          ? 'not measured'
          : `${probe.overheadRatio}× (p25–p75 ${probe.overhead?.ratioP25}–${probe.overhead?.ratioP75})${probe.met.overhead === null ? ', too noisy to judge' : ''}`,
      met: probe.met.overhead,
    });
    for (const k of ['sigkill', 'read-only-switch', 'hung-server']) {
      const d = probe.detection[k];
      t.push({
        name: `probe: detection ${k}`,
        target:
          k === 'hung-server'
            ? `≤ query timeout + 1 interval${probe.queryTimeoutMs ? ` (${probe.queryTimeoutMs + (probe.intervalMs ?? 0)} ms)` : ''}`
            : `≤ 2 intervals${probe.intervalMs ? ` (${2 * probe.intervalMs} ms)` : ''}`,
        value: d ? `median ${probe.detectionMs[k]} ms, max ${d.maxMs} ms` : 'not measured',
        met: d ? d.met : null,
      });
    }
  }
  return t;
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map(
      (r, k) =>
        r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ') +
        (k === 0 ? '\n' + w.map((n) => '-'.repeat(n)).join('  ') : ''),
    )
    .join('\n');
}

function lintRows(cases: Record<string, LintCaseOut>): string {
  const rows = [
    ['case', 'bytes', 'lint ms', 'diag ms', 'floor ms', '×floor', 'diag×floor', 'peer ms', '×peer', 'findings', 'target', 'met'],
  ];
  for (const [id, c] of Object.entries(cases)) {
    rows.push([
      id,
      String(c.bytes),
      c.timedOut ? `>${c.msAtLeast}` : fmt(c.ms),
      fmt(c.diagnostics?.ms ?? null),
      fmt(c.floorMs),
      fmt(c.ratioToFloor),
      fmt(c.diagnostics?.ratioToFloor ?? null),
      fmt(c.peerMs),
      fmt(c.ratioToPeer),
      c.findings === undefined ? '—' : String(c.findings),
      c.target ?? '',
      (c.met === undefined || c.met === null ? '?' : c.met ? 'yes' : 'NO') + (c.noisy ? '*' : ''),
    ]);
  }
  return table(rows);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const t0 = performance.now();
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: r3(os.totalmem() / 2 ** 30),
    loadAvgAtStart: os.loadavg().map((x) => r3(x)),
    date: new Date().toISOString(),
  };
  log(
    `${machine.date}  CPU ${machine.cpu} ×${machine.cores}  Node ${machine.node}  load ${machine.loadAvgAtStart.join(' ')}${args.quick ? '  (quick)' : ''}`,
  );

  const lint = args.only.has('lint') ? await runLintSection({ quick: args.quick, capMs: args.capMs, log }) : null;
  const forecast = args.only.has('forecast') ? runForecastSection({ quick: args.quick, log }) : null;
  const activation = args.only.has('activation') ? runActivationSection({ quick: args.quick, log, host: args.host }) : null;
  const probe = args.only.has('probe') ? await runProbeSection({ quick: args.quick, log }) : null;
  const cli = args.only.has('cli') ? runCliSection({ quick: args.quick, log }) : null;
  const tgs = targets(lint, activation, probe);
  if (forecast) {
    tgs.push({
      name: 'forecast: one settings set, every scenario and timing',
      target: '≤ 10 ms',
      value: `median ${forecast.msPerSettings} ms, p95 ${forecast.msPerSettingsP95} ms`,
      met: forecast.msPerSettings <= 10,
    });
    tgs.push({
      name: 'forecast: lint of a real file with forecast-based rules',
      target: '≤ 2 ms median',
      value: forecast.lintRealFileMs === null ? 'not measured (no corpus)' : `${forecast.lintRealFileMs} ms (${forecast.lintRealFile})`,
      met: forecast.lintRealFileMs === null ? null : forecast.lintRealFileMs <= 2,
    });
  }
  const durationMs = Math.round(performance.now() - t0);

  const result = {
    lint: lint?.cases ?? {},
    activation: activation ?? {
      ms: null,
      bundleBytes: null,
      probeChunkBytes: null,
      mysql2LoadedAtActivation: null,
      note: 'not run (--only)',
    },
    probe: probe ?? { overheadRatio: null, detectionMs: {}, intervalMs: null, note: 'not run (--only)' },
    forecast: forecast
      ? { msPerSettings: forecast.msPerSettings, lintRealFileMs: forecast.lintRealFileMs, detail: forecast }
      : { msPerSettings: null, lintRealFileMs: null, note: 'not run (--only)' },
    cli: cli ?? { runs: [], refused: null, note: 'not run (--only)' },
    machine: { ...machine, loadAvgAtEnd: os.loadavg().map((x) => r3(x)) },
    corpus: lint?.corpus ?? null,
    lintCorpusSweep: lint?.sweep ?? null,
    targets: tgs,
    bench: {
      version: 1,
      durationMs,
      quick: args.quick,
      sections: [...args.only],
      method:
        'lint: lintText (parse + all rules + every fix built); diagnostics: lintText with lazy fixes (the editor path, no fix built); ' +
        'both and the floor parser in one worker thread, the taplo peer in a second one ' +
        '(its heap kept out of the lint heap), batches interleaved round by round (lint, diagnostics, floor, peer, …) after a warm-up; ' +
        'ms = median of per-round per-call means; ratios = median of per-round ratios. A lint call past the cap is stopped (timedOut).',
    },
  };

  if (args.jsonOut) fs.writeFileSync(args.jsonOut, JSON.stringify(result, null, 2) + '\n');
  if (args.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const out: string[] = [];
  out.push(`Aurora Failover Guard benchmark — ${machine.date}`);
  out.push(
    `CPU ${machine.cpu} ×${machine.cores}, Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, load ${machine.loadAvgAtStart.join(' ')} → ${result.machine.loadAvgAtEnd.join(' ')}`,
  );
  out.push(`run took ${Math.round(durationMs / 1000)} s${args.quick ? ' (--quick: fewer rounds)' : ''}`);
  if (lint) {
    out.push(
      '',
      `LINT (lint = lintText: parse + all rules + every fix built; diag = the editor's path: the same findings, fixes built only when read; floor: XML fast-xml-parser XMLValidator.validate, TOML smol-toml parse; peer: @taplo/lib lint)`,
    );
    out.push(`inputs: ${lint.corpus.note}`);
    out.push(lintRows(lint.cases));
    if (Object.values(lint.cases).some((c) => c.noisy))
      out.push(
        '  * noisy: the per-round lint times spread widely (p75 > 2 × p25) — the machine was busy; rerun before trusting that figure',
      );
    for (const [id, c] of Object.entries(lint.cases)) {
      const notes = [
        c.floorNote,
        c.peerNote,
        c.scaling?.note,
        c.findingsChanged === false ? 'the edit did not change the findings' : null,
      ].filter(Boolean);
      if (notes.length) out.push(`  ${id}: ${notes.join('; ')}`);
    }
    if (lint.sweep) {
      out.push(
        `every real file: ${lint.sweep.files} files, median ${lint.sweep.medianMs} ms, max ${lint.sweep.maxMs} ms (${lint.sweep.maxFile}), over 2 ms: ${lint.sweep.over2ms.length}`,
      );
      for (const f of lint.sweep.over2ms.slice(0, 8))
        out.push(`  ${String(f.ms).padStart(7)} ms  ${f.bytes} B  ${f.findings} findings  ${f.file}`);
    }
  }
  if (forecast) {
    out.push('', 'FORECAST');
    out.push(
      `one settings set (4 scenarios × 24 timings, memo cleared): median ${forecast.msPerSettings} ms, p95 ${forecast.msPerSettingsP95} ms over ${forecast.settingsSets} sets`,
    );
    out.push(
      `lint of a real file (forecast-decided rules, lazy fixes, memo warm): ${forecast.lintRealFileMs ?? '—'} ms${forecast.lintRealFile ? ` (${forecast.lintRealFile}, Aurora variant)` : ''}`,
    );
  }
  if (activation) {
    const a = activation;
    out.push('', 'ACTIVATION');
    out.push(
      a.ms === null
        ? `activate() in the real host: — (not measured: ${a.host.note.split('. ').slice(-2).join('. ').trim()})`
        : `activate() in the real host: ${fmt(a.ms)} ms (samples ${a.host.samples.map((s) => fmt(s.activateMs)).join(', ')}; module evaluation before it ${fmt(a.host.moduleLoadMs)} ms; VS Code ${a.host.vscodeVersion} ${a.host.appName}, host Node ${a.host.hostNode}${a.host.source === 'file' ? `; from .test-output/activation.json, ${a.host.measuredAt}` : ''})`,
    );
    out.push(
      `bundle dist/extension.js: ${a.bundleBytes ?? '—'} bytes${a.bundleBuiltAt ? `, built ${a.bundleBuiltAt}` : ''}${a.bundleStale ? ' (older than src/: stale, or the last build produced identical output, which webpack does not rewrite)' : ''}; probe chunk: ${a.probeChunkBytes ?? '— (none)'}; mysql2 in the bundle: ${a.mysql2InMainBundle}`,
    );
    out.push(
      `largest parts: ${a.composition
        .slice(0, 6)
        .map((c) => `${c.part} ${Math.round(c.bytes / 1024)} KiB`)
        .join(', ')}`,
    );
    const ro = a.requireOutsideVscode;
    out.push(
      `require time outside VS Code (stub vscode): ${fmt(ro.ms)} ms (baseline fast-xml-parser + smol-toml: ${fmt(ro.baselineMs)} ms, ×${fmt(ro.ratioToBaseline)}); activate() under the stub: ${fmt(ro.activateUnderStubMs)} ms${ro.activateUnderStubError ? ` (threw: ${ro.activateUnderStubError})` : ''}`,
    );
    out.push(`mysql2 loaded at activation: ${a.mysql2LoadedAtActivation}`);
  }
  if (probe) {
    out.push('', 'PROBE');
    if (probe.server) out.push(`server: ${probe.server}`);
    out.push(
      `tick overhead: ${fmt(probe.overheadRatio)}× raw mysql2${probe.overhead ? ` (${probe.overhead.probeUs} µs vs ${probe.overhead.rawUs} µs; per-round ratios p25–p75 ${probe.overhead.ratioP25}–${probe.overhead.ratioP75})` : ''}` +
        (probe.overheadRatio !== null && probe.met.overhead === null
          ? ' — inconclusive: too noisy (the middle half of the rounds straddles 1.2×)'
          : ''),
    );
    out.push(
      `detection (interval ${probe.intervalMs ?? '—'} ms, query timeout ${probe.queryTimeoutMs ?? '—'} ms): ${Object.entries(
        probe.detectionMs,
      )
        .map(([k, v]) => `${k} ${fmt(v)} ms`)
        .join(', ')}`,
    );
    out.push(probe.note);
  }
  if (cli) {
    out.push('', 'CLI (aurora-guard lint on one large file; report written as produced)');
    for (const r of cli.runs)
      out.push(
        `  -f ${r.format.padEnd(5)} ${(r.bytes / 1e6).toFixed(1)} MB: ${r.ms ?? '—'} ms, max RSS ${r.maxRssMiB ?? '—'} MiB, exit ${r.exitCode}${r.findings !== null ? `, ${r.findings} findings` : ''}`,
      );
    out.push(
      `  ${(cli.refused.bytes / 1e6).toFixed(1)} MB: exit ${cli.refused.exitCode} in ${cli.refused.ms ?? '—'} ms: ${cli.refused.message}`,
    );
    if (cli.note) out.push(`  ${cli.note}`);
  }
  out.push('', 'TARGETS');
  out.push(
    table([['', 'target', 'value', 'met'], ...tgs.map((x) => [x.name, x.target, x.value, x.met === null ? '?' : x.met ? 'yes' : 'NO'])]),
  );
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`[bench] failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
