// Names the extension shows or registers. Command ids are contributed in package.json (contributes.commands).

/** `Diagnostic.source`, shown in the Problems panel and hovers. */
export const SOURCE = 'Aurora Failover Guard';
/** Prefix of every setting (`auroraGuard.target` …) and of command ids. */
export const CONFIG_SECTION = 'auroraGuard';
/** Name of the diagnostic collection. */
export const COLLECTION = 'auroraGuard';
/** The code action kind for fix-on-save: `"editor.codeActionsOnSave": { "source.fixAll.auroraGuard": "explicit" }`. */
export const FIX_ALL_KIND_SUFFIX = 'auroraGuard';

/** Commands (user-facing ones are listed in package.json contributes.commands). */
export const enum CommandId {
  /** Lint every matching file in the workspace into the Problems panel. */
  LintWorkspace = 'auroraGuard.lintWorkspace',
  /** Open a rule's documentation in the Markdown preview; argument: rule id (asks when absent). */
  ShowRuleDocs = 'auroraGuard.showRuleDocs',
  /** Apply every preferred fix in the active file (same as source.fixAll.auroraGuard). */
  FixAllInFile = 'auroraGuard.fixAll',
  /** Identify the endpoint of a datasource and run the validation-query lab (src/extension/probe/). */
  Probe = 'auroraGuard.probe',
  /** Remove a probe password from SecretStorage. */
  ForgetPassword = 'auroraGuard.forgetPassword',
  /** Show the failover forecast (the header's hover) of a datasource; argument: { uri, datasource } (the code lens) or none (cursor). */
  ShowForecast = 'auroraGuard.showForecast',
  /** Open docs/forecast.md (how the forecast is modelled) in the Markdown preview. */
  ShowForecastDocs = 'auroraGuard.showForecastDocs',
}

/** URI schemes whose documents are linted (not git:, output:, vscode-settings: …). */
export const LINTED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

/** Suppression directive prefix understood by the core (src/core/suppress/suppressions.ts). */
export const DIRECTIVE = 'aurora-guard-disable';

/** Context key: the active editor shows a file the extension lints (package.json menus' `when` clauses). */
export const DATASOURCE_FILE_CONTEXT = 'auroraGuard.datasourceFile';
/** Context key: that file holds datasources, so "Probe Aurora" has something to probe (not a java.security or Dockerfile). */
export const PROBEABLE_FILE_CONTEXT = 'auroraGuard.probeableFile';
