// aurora-guard: the terminal adapter over the core. Exit codes: 0 no error finding, 1 errors found, 2 usage or I/O error.
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { createTwoFilesPatch } from 'diff';
import { lintText } from '../core/lint';
import { ALL_RULES } from '../core/rules/index';
import { fixAll } from '../core/fixes/fixAll';
import { toJsonReport } from '../core/report/json';
import { toText, countBySeverity } from '../core/report/text';
import { toSarif } from '../core/report/sarif';
import { ruleDocsUrl, TOOL_INFO } from '../core/report/ruleDocs';
import type { FileResult } from '../core/report/positions';
import { ConfigError } from '../core/config/options';
import type { Target } from '../core/config/options';
import { collectFiles, readText, readTextFile, writeTextAtomic, UsageError } from './files';
import { OptionsResolver } from './projectConfig';
import { registerProbeCommand } from './probe';
import { registerForecastCommand } from './forecast';
import { maskSecrets } from './maskSecrets';

export interface Io {
  out(s: string): void;
  err(s: string): void;
  color: boolean;
}

const TARGETS: Target[] = ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'];

function colors(io: Io) {
  const c = pc.createColors(io.color);
  return { red: c.red, yellow: c.yellow, blue: c.blue, dim: c.dim, bold: c.bold };
}

function lintFiles(paths: string[], flags: { config?: string; target?: Target }): FileResult[] {
  const files = collectFiles(paths);
  const resolver = new OptionsResolver(flags);
  return files.map((file) => {
    const text = readText(file);
    const res = lintText(file, text, resolver.forFile(file));
    return { file, text, findings: res.findings };
  });
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('aurora-guard')
    .description('Lint WSO2 API Manager datasource configs for AWS Aurora MySQL failover safety, fix them, and probe a cluster.')
    .version(TOOL_INFO.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const targetOption = () => new Option('--target <target>', 'what the datasources run on').choices(TARGETS);

  program
    .command('lint')
    .description('report risky settings in deployment.toml / *-datasources.xml files or folders')
    .argument('<paths...>', 'files or folders')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(targetOption())
    .option('-c, --config <file>', 'use this aurora-guard.json instead of searching upward from each file')
    .action((paths: string[], opts: { format: string; target?: Target; config?: string }) => {
      const results = lintFiles(paths, opts);
      if (opts.format === 'json') io.out(JSON.stringify(toJsonReport(results), null, 2) + '\n');
      else if (opts.format === 'sarif') io.out(JSON.stringify(toSarif(results, ALL_RULES), null, 2) + '\n');
      else io.out(toText(results, colors(io)));
      setExit(countBySeverity(results).error > 0 ? 1 : 0);
    });

  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { format: string }) => {
      const rules = ALL_RULES.map((r) => ({
        id: r.meta.id,
        title: r.meta.title,
        severity: r.meta.defaultSeverity,
        tags: r.meta.tags,
        formats: r.meta.formats,
        mysqlOnly: r.meta.mysqlOnly,
        auroraOnly: r.meta.auroraOnly,
        rationale: r.meta.rationale,
        docs: ruleDocsUrl(r.meta.id),
      }));
      if (opts.format === 'json') io.out(JSON.stringify(rules, null, 2) + '\n');
      else {
        const w = Math.max(...rules.map((r) => r.id.length));
        for (const r of rules) io.out(`${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
        io.out(`${rules.length} rules\n`);
      }
      setExit(0);
    });

  program
    .command('fix')
    .description('apply the preferred fix of every finding (re-linting after each) until none is left')
    .argument('<paths...>', 'files or folders')
    .option('--dry-run', 'print a unified diff instead of writing files')
    .addOption(targetOption())
    .option('-c, --config <file>', 'use this aurora-guard.json instead of searching upward from each file')
    .action((paths: string[], opts: { dryRun?: boolean; target?: Target; config?: string }) => {
      const files = collectFiles(paths);
      const resolver = new OptionsResolver(opts);
      const c = colors(io);
      let errorsLeft = 0;
      let total = 0;
      for (const file of files) {
        const original = readTextFile(file);
        const text = original.text;
        const options = resolver.forFile(file);
        const res = fixAll(file, text, options);
        total += res.applied.length;
        errorsLeft += lintText(file, res.text, options, { fixes: 'lazy' }).findings.filter((f) => f.severity === 'error').length;
        if (res.applied.length === 0) {
          for (const s of res.skipped) io.err(`${file}: skipped a fix whose edits conflict: ${s.ruleId} ${s.title}\n`);
          continue;
        }
        if (opts.dryRun) {
          io.out(maskSecrets(createTwoFilesPatch(file, file, text, res.text, '', '', { context: 2 }), text, res.text));
        } else {
          writeTextAtomic(file, res.text, original);
        }
        io.out(`${c.bold(file)}: ${opts.dryRun ? 'would apply' : 'applied'} ${res.applied.length} fix${res.applied.length === 1 ? '' : 'es'}\n`);
        for (const a of res.applied) io.out(`  ${c.dim(a.ruleId)}  ${a.title}\n`);
        if (!res.converged) io.err(`${file}: stopped before all fixes were applied (a fix did not converge); the file was left valid\n`);
        for (const s of res.skipped) io.err(`${file}: skipped a fix whose edits conflict: ${s.ruleId} ${s.title}\n`);
      }
      if (total === 0) io.out('Nothing to fix.\n');
      setExit(errorsLeft > 0 ? 1 : 0);
    });

  registerProbeCommand(program, io, setExit);
  registerForecastCommand(program, io, setExit);
  return program;
}

/** Run the CLI; returns the exit code (never throws for user errors). */
export async function run(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  if (argv.length === 0) {
    // no command is a usage error: say what the commands are
    io.err(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not errors
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(`aurora-guard: ${e.message}\n`);
      return 2;
    }
    io.err(`aurora-guard: internal error: ${(e as Error)?.message ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color: pc.isColorSupported && !process.argv.includes('--no-color') && !!process.stdout.isTTY,
  };
  const args = process.argv.slice(2).filter((a) => a !== '--no-color');
  run(args, io).then((code) => {
    process.exitCode = code;
  });
}
