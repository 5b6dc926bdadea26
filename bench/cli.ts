// The CLI on one large file (issue 13): `aurora-guard lint` in each format on a synthetic master-datasources.xml of
// the default size limit (8 MB: ~24k datasources, ~190k findings), its wall time and peak RSS (the process's own
// maxRSS, printed at exit by a preloaded hook), the report written to /dev/null as it is produced; and the 50 MB file
// (156k datasources) refused up front with exit 2. Runs dist/cli.js (built by scripts/bench.sh when stale).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CliRun {
  format: string;
  bytes: number;
  ms: number | null;
  maxRssMiB: number | null;
  exitCode: number | null;
  findings: number | null;
}

export interface CliSection {
  runs: CliRun[];
  refused: { bytes: number; ms: number | null; exitCode: number | null; message: string };
  note: string;
}

/** A master-datasources.xml of about `bytes` bytes: MySQL datasources on an Aurora cluster with the usual risky pool. */
function writeXml(file: string, bytes: number): number {
  const fd = fs.openSync(file, 'w');
  let size = 0;
  const put = (s: string) => {
    fs.writeSync(fd, s);
    size += Buffer.byteLength(s);
  };
  put('<datasources-configuration>\n<datasources>\n');
  let chunk = '';
  let n = 0;
  while (size + chunk.length < bytes - 64) {
    chunk += `<datasource><name>DB_${n}</name><definition type="RDBMS"><configuration><url>jdbc:mysql://c.cluster-abc.eu-west-1.rds.amazonaws.com:3306/d${n}</url><username>u</username><password>p</password><maxActive>50</maxActive><testOnBorrow>true</testOnBorrow><validationQuery>SELECT 1</validationQuery></configuration></definition></datasource>\n`;
    n++;
    if (chunk.length > 1 << 20) {
      put(chunk);
      chunk = '';
    }
  }
  put(chunk + '</datasources>\n</datasources-configuration>\n');
  fs.closeSync(fd);
  return n;
}

export function runCliSection(o: { quick: boolean; log: (m: string) => void }): CliSection {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-bench-cli-'));
  const hook = path.join(dir, 'rss.js');
  // the child's own peak RSS (getrusage of the process), written to stderr as it exits
  fs.writeFileSync(hook, "process.on('exit', () => process.stderr.write(`\\n@@maxrss ${process.resourceUsage().maxRSS}\\n`));\n");
  const out: CliSection = { runs: [], refused: { bytes: 0, ms: null, exitCode: null, message: '' }, note: '' };
  try {
    if (!fs.existsSync(cli)) {
      out.note = 'dist/cli.js missing: nothing measured (npm run build)';
      return out;
    }
    const big = path.join(dir, 'master-datasources.xml');
    const bytes = o.quick ? 2_000_000 : 8_000_000;
    const datasources = writeXml(big, bytes);
    for (const format of ['text', 'json', 'sarif']) {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, ['--require', hook, cli, 'lint', '-f', format, '-o', '/dev/null', big], {
        encoding: 'utf8',
        timeout: 300000,
      });
      const ms = Date.now() - t0;
      const rss = /@@maxrss (\d+)/.exec(r.stderr ?? '');
      const run: CliRun = {
        format,
        bytes: fs.statSync(big).size,
        ms: r.status === null ? null : ms,
        maxRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : null,
        exitCode: r.status,
        findings: null,
      };
      if (format === 'text') {
        const t = spawnSync(process.execPath, [cli, 'lint', big], { encoding: 'utf8', timeout: 300000, maxBuffer: 1 << 30 });
        const m = /^(\d+) problems?/m.exec(t.stdout ?? '');
        run.findings = m ? Number(m[1]) : null;
      }
      out.runs.push(run);
      o.log(
        `cli lint -f ${format} on ${(run.bytes / 1e6).toFixed(1)} MB (${datasources} datasources): ${ms} ms, max RSS ${run.maxRssMiB} MiB, exit ${r.status}`,
      );
    }
    fs.rmSync(big);
    // the 50 MB file of issue 13: refused before anything is read
    const huge = path.join(dir, 'huge-datasources.xml');
    writeXml(huge, 52_800_000);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [cli, 'lint', huge], { encoding: 'utf8', timeout: 60000 });
    out.refused = {
      bytes: fs.statSync(huge).size,
      ms: Date.now() - t0,
      exitCode: r.status,
      message: (r.stderr ?? '').trim().split('\n')[0],
    };
    o.log(`cli lint on ${(out.refused.bytes / 1e6).toFixed(1)} MB: exit ${r.status} in ${out.refused.ms} ms: ${out.refused.message}`);
    out.note =
      "wall time includes Node start-up and reading the file; RSS is the CLI process's peak (getrusage maxRSS); the report goes to /dev/null through -o";
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
