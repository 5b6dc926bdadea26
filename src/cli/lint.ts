// `aurora-guard lint`: files are read, linted and reported one at a time (memory holds one file, not the run), in
// the CI semantics of ESLint: --quiet reports errors only, --max-warnings N fails a run with more than N warnings,
// -o writes the report to a file. Exit: 1 when an error is found or there are too many warnings, 0 otherwise, 2 for
// usage and I/O errors (raised as UsageError/ConfigError and reported by run()).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as sarif from 'sarif';
import { lintText } from '../core/lint';
import { ALL_RULES } from '../core/rules/index';
import type { Colors } from '../core/report/text';
import type { SarifOptions } from '../core/report/sarif';
import { createReportWriter } from '../core/report/stream';
import type { ReportFormat } from '../core/report/stream';
import type { Target } from '../core/config/options';
import { readableWhenNamed } from '../core/files/select';
import { collectFileEntries } from './collect';
import { readText, UsageError } from './files';
import { OptionsResolver } from './projectConfig';
import { buffered, fdWriter } from './output';

/** Default largest file linted: 8 MB (datasource files are kilobytes; linting holds 65-95× a file's size in memory: 10 MB peaked at 0.7-0.96 GB RSS). */
export const DEFAULT_MAX_FILE_MB = 8;
export const MAX_FILE_ENV = 'AURORA_GUARD_MAX_FILE_SIZE';

export interface LintIo {
  out(s: string): void;
  err(s: string): void;
  color: boolean;
}

interface LintOptions {
  format: ReportFormat;
  target?: Target;
  config?: string;
  quiet?: boolean;
  maxWarnings: number;
  outputFile?: string;
  maxFileSize: number;
}

function integer(name: string, min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function megabytes(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(n > 0)) throw new InvalidArgumentError('must be a size in MB greater than 0, e.g. 10 or 0.5');
  return n;
}

/** SARIF locations as code scanning maps them: paths under the working directory relative to `%SRCROOT%`, others as file:// URIs. */
export function sarifPaths(cwd: string): SarifOptions {
  const root = pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href;
  return {
    originalUriBaseIds: { '%SRCROOT%': { uri: root, description: { text: 'The directory aurora-guard ran in.' } } },
    artifact: (file: string): sarif.ArtifactLocation => {
      const abs = path.resolve(cwd, file);
      const rel = path.relative(cwd, abs);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
        return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
      }
      return { uri: pathToFileURL(abs).href };
    },
  };
}

/** Refuse files over the limit before anything is read or reported. */
export function checkSizes(files: string[], limitMb: number): void {
  const limit = limitMb * 1024 * 1024;
  for (const f of files) {
    let size: number;
    try {
      size = fs.statSync(f).size;
    } catch {
      continue; // reading it reports the problem
    }
    if (size > limit) {
      throw new UsageError(
        `${f}: file too large (${(size / 1048576).toFixed(1)} MB; limit ${limitMb} MB, set with --max-file-size <MB> or ${MAX_FILE_ENV})`,
      );
    }
  }
}

export function defaultMaxFileSize(): number {
  const env = process.env[MAX_FILE_ENV];
  if (env === undefined || env === '') return DEFAULT_MAX_FILE_MB;
  try {
    return megabytes(env);
  } catch {
    throw new UsageError(`${MAX_FILE_ENV}=${env}: must be a size in MB greater than 0`);
  }
}

export async function runLint(paths: string[], opts: LintOptions, io: LintIo, colors: Colors): Promise<number> {
  const entries = await collectFileEntries(paths);
  checkSizes(entries.map((e) => e.file), opts.maxFileSize);
  const resolver = await OptionsResolver.create(opts);
  resolver.useWorkspaceDnsTtl(entries.map((e) => e.file));
  let sink = io.out;
  let fd: number | null = null;
  if (opts.outputFile) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(opts.outputFile)), { recursive: true });
      fd = fs.openSync(opts.outputFile, 'w');
    } catch (e) {
      throw new UsageError(`cannot write ${opts.outputFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const w = fdWriter(fd);
    sink = (s) => w.write(s);
  }
  const out = buffered(sink);
  const report = createReportWriter(opts.format, out.write, {
    rules: ALL_RULES,
    colors: opts.outputFile ? undefined : colors,
    sarif: sarifPaths(process.cwd()),
  });
  let errors = 0;
  let warnings = 0;
  let skipped = 0;
  const hidden = { warning: 0, info: 0 };
  try {
    for (const { file, explicit } of entries) {
      const text = readText(file);
      if (explicit && !readableWhenNamed(file, text)) {
        io.err(`${file}: not a WSO2 datasource file, skipped\n`);
        skipped++;
        continue;
      }
      const res = lintText(file, text, await resolver.forFile(file));
      for (const f of res.findings) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
      }
      const shown = opts.quiet ? res.findings.filter((f) => f.severity === 'error') : res.findings;
      if (opts.quiet) for (const f of res.findings) if (f.severity !== 'error') hidden[f.severity]++;
      report.file({ file, text, findings: shown });
    }
    report.end(skipped, opts.quiet ? hidden : undefined);
    out.flush();
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (opts.outputFile && opts.format === 'text') {
    // the report went to the file; the terminal still learns the outcome
    io.err(`aurora-guard: report written to ${opts.outputFile}\n`);
  }
  const tooManyWarnings = opts.maxWarnings >= 0 && warnings > opts.maxWarnings;
  if (tooManyWarnings) io.err(`aurora-guard found too many warnings (maximum: ${opts.maxWarnings}).\n`);
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

export function registerLintCommand(program: Command, io: LintIo, setExit: (code: number) => void, colors: () => Colors, targetOption: () => Option): void {
  program
    .command('lint')
    .description('report risky settings in deployment.toml / *-datasources.xml files or folders')
    .argument('<paths...>', 'files or folders')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(targetOption())
    .option('-c, --config <file>', 'use this aurora-guard.json instead of searching upward from each file')
    .option('--quiet', 'report errors only (warnings still count for --max-warnings)')
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more than n warnings (-1: no limit)').argParser(integer('--max-warnings', -1)).default(-1))
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--max-file-size <MB>', `refuse files larger than this (default ${DEFAULT_MAX_FILE_MB}, or ${MAX_FILE_ENV})`).argParser(megabytes),
    )
    .action(async (paths: string[], opts: Omit<LintOptions, 'maxFileSize'> & { maxFileSize?: number }) => {
      setExit(await runLint(paths, { ...opts, maxFileSize: opts.maxFileSize ?? defaultMaxFileSize() }, io, colors()));
    });
}
