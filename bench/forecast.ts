// Forecast section: what the failover forecast costs. msPerSettings: one settings set, every scenario and timing, the
// memo cleared before each (the first keystroke after a settings change); lintRealFileMs: linting a real file whose
// findings the forecast decides, on the editor's path (lazy fixes), repeatedly (the memo warm, as in the editor).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WSO2_DEFAULT_POOL } from '../src/core/forecast/policy';
import type { PoolSettings } from '../src/core/forecast/kernel';
import { clearForecastMemo, forecastSettings, TIMINGS } from '../src/core/forecast/forecast';
import { SCENARIO_IDS } from '../src/core/forecast/scenarios';
import { lintText } from '../src/core/lint';
import { resolveOptions } from '../src/core/config/options';
import { median, r3 } from './stats';

export interface ForecastSection {
  msPerSettings: number;
  msPerSettingsP95: number;
  settingsSets: number;
  lintRealFileMs: number | null;
  lintRealFile: string | null;
  note: string;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REAL_FILE = 'helm-apim-4.2.x__distributed__control-plane__confs__instance-1__deployment.toml';
const AURORA = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

function settingsSets(): PoolSettings[] {
  const out: PoolSettings[] = [];
  for (const iv of [3000, 10000, 30000])
    for (const ma of [0, 60000, 300000, 1800000])
      for (const raises of [false, true])
        for (const ct of [0, 10000])
          for (const st of [0, 60000]) {
            out.push({
              ...WSO2_DEFAULT_POOL,
              validationIntervalMs: iv,
              maxAgeMs: ma,
              validationRaisesOnReader: raises,
              connectTimeoutMs: ct,
              socketTimeoutMs: st,
            });
          }
  return out;
}

export function runForecastSection(o: { quick: boolean; log: (m: string) => void }): ForecastSection {
  const sets = settingsSets();
  const ctx = { dnsTtlS: null, scenarios: SCENARIO_IDS };
  // warm-up (JIT) on other contexts, then every set once with the memo cleared
  for (const s of sets.slice(0, 12)) forecastSettings(s, { dnsTtlS: 7, scenarios: SCENARIO_IDS });
  const rounds = o.quick ? 1 : 3;
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const s of sets) {
      clearForecastMemo();
      const t0 = performance.now();
      forecastSettings(s, ctx);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const msPerSettings = r3(median(times)) ?? 0;
  const p95 = r3(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]) ?? 0;
  o.log(
    `forecast: one settings set (${SCENARIO_IDS.length} scenarios × ${TIMINGS} timings) median ${msPerSettings} ms, p95 ${p95} ms over ${times.length}`,
  );

  let lintRealFileMs: number | null = null;
  let file: string | null = null;
  const candidates = [
    path.resolve(ROOT, '..', 'shared', 'corpus', REAL_FILE),
    path.resolve(ROOT, '..', '..', 'shared', 'corpus', REAL_FILE),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (found) {
    file = REAL_FILE;
    // the Aurora variant: the forecast-decided rules judge every datasource of it
    const text = fs
      .readFileSync(found, 'utf8')
      .replace(/(jdbc:mysql:\/\/)([A-Za-z0-9_.-]+)/g, `$1${AURORA}`)
      .replace(/^(\s*hostname\s*=\s*")([^"{}$]*)(")/gm, `$1${AURORA}$3`);
    const options = resolveOptions();
    lintText(file, text, options, { fixes: 'lazy' });
    const lt: number[] = [];
    for (let i = 0; i < (o.quick ? 50 : 300); i++) {
      const t0 = performance.now();
      lintText(file, text, options, { fixes: 'lazy' });
      lt.push(performance.now() - t0);
    }
    lintRealFileMs = r3(median(lt));
    o.log(`forecast: lint of ${REAL_FILE} (Aurora variant, lazy fixes, memo warm) median ${lintRealFileMs} ms`);
  }
  return {
    msPerSettings,
    msPerSettingsP95: p95,
    settingsSets: sets.length,
    lintRealFileMs,
    lintRealFile: file,
    note: 'msPerSettings: forecastSettings with the memo cleared, all four scenarios × 24 timings; lintRealFileMs: lintText with lazy fixes, memo warm',
  };
}
