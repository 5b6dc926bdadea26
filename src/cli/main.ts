// aurora-guard: the terminal adapter over the core. Exit codes: 0 no error finding, 1 errors found, 2 usage or I/O error.
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { createTwoFilesPatch } from 'diff';
import { lintText } from '../core/lint';
import { ALL_RULES } from '../core/rules/index';
import { fixAll } from '../core/fixes/fixAll';
import { ruleDocsUrl, TOOL_INFO } from '../core/report/ruleDocs';
import { ConfigError } from '../core/config/options';
import type { Target } from '../core/config/options';
import { readableWhenNamed } from '../core/files/select';
import { collectFileEntries } from './collect';
import { readTextFile, writeTextAtomic, UsageError } from './files';
import { checkSizes, defaultMaxFileSize, registerLintCommand } from './lint';
import { fdWriter, ignoreClosedPipes } from './output';
import { OptionsResolver } from './projectConfig';
import { registerProbeCommand } from './probe';
import { registerForecastCommand } from './forecast';
import { maskSecrets } from './maskSecrets';
import type { Io } from './io';

export type { Io } from './io';

const TARGETS: Target[] = ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'];

function colors(io: Io) {
  const c = pc.createColors(io.color);
  return { red: c.red, yellow: c.yellow, blue: c.blue, dim: c.dim, bold: c.bold };
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('aurora-guard')
    .description('Lint WSO2 API Manager datasource configs for AWS Aurora MySQL failover safety, fix them, and probe a cluster.')
    .version(TOOL_INFO.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const targetOption = () => new Option('--target <target>', 'what the datasources run on').choices(TARGETS);

  registerLintCommand(program, io, setExit, () => colors(io), targetOption);

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
        fixable: r.meta.fixable,
        rationale: r.meta.rationale,
        docs: ruleDocsUrl(r.meta),
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
    .action(async (paths: string[], opts: { dryRun?: boolean; target?: Target; config?: string }) => {
      const entries = await collectFileEntries(paths);
      const files = entries.map((e) => e.file);
      const named = new Set(entries.filter((e) => e.explicit).map((e) => e.file));
      checkSizes(files, defaultMaxFileSize());
      const resolver = await OptionsResolver.create(opts);
      resolver.useWorkspaceDnsTtl(entries.map((e) => e.file));
      const c = colors(io);
      let errorsLeft = 0;
      let total = 0;
      for (const file of files) {
        const original = readTextFile(file);
        const text = original.text;
        if (named.has(file) && !readableWhenNamed(file, text)) {
          io.err(`${file}: not a WSO2 datasource file, skipped\n`);
          continue;
        }
        const options = await resolver.forFile(file);
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
  // synchronous writes; a closed stdout (`| head`) drops the rest of the output quietly (src/cli/output.ts)
  ignoreClosedPipes();
  const stdout = fdWriter(1);
  const stderr = fdWriter(2);
  const io: Io = {
    out: (s) => stdout.write(s),
    err: (s) => stderr.write(s),
    closed: () => stdout.closed,
    color: pc.isColorSupported && !process.argv.includes('--no-color') && !!process.stdout.isTTY,
  };
  const args = process.argv.slice(2).filter((a) => a !== '--no-color');
  run(args, io).then((code) => {
    process.exitCode = code;
  });
}
