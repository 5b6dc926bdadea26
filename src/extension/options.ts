// The options a document is linted with: the settings (user, workspace, folder), the nearest aurora-guard.json on top
// (it wins, as in the CLI), the Chart.yaml of a values file, and the JVM DNS cache TTL its workspace folder's JVM files
// set (unless aurora-guard.json names forecast.dnsTtl). Resolved once per document and kept until a setting, a
// config file, a Chart.yaml or that TTL changes (onDidChange): typing reads no setting and no file.
import * as vscode from 'vscode';
import type { ResolvedOptions } from '../core/config/options';
import { mergeConfigs, resolveOptions } from '../core/config/options';
import { CONFIG_SECTION } from './constants';
import type { Diagnostics } from './diagnostics';
import type { WorkspaceDnsTtl } from './dnsTtl';
import type { ProjectConfigFinder } from './projectConfig';
import { readSettings, settingsToProjectConfig, type AuroraGuardSettings } from './settings';

/** How often the inputs were read (the test API shows them: typing must not move them). */
export interface OptionsCounters {
  /** Settings read from VS Code's configuration. */
  settingsReads: number;
  /** Options resolved for a document (settings + config file + Chart.yaml + DNS TTL). */
  resolutions: number;
}

export class OptionsCache implements vscode.Disposable {
  /** Settings per workspace folder ('' = none): resource settings are the same for every file of a folder. */
  private readonly settings = new Map<string, AuroraGuardSettings>();
  /** The last options of each document; `current` false once an input changed (still served until re-resolved). */
  private readonly resolved = new Map<string, { options: ResolvedOptions; current: boolean }>();
  private readonly pending = new Map<string, Promise<ResolvedOptions>>();
  /** Bumped by every change: a resolution that started before it is not kept. */
  private generation = 0;
  private readonly logged = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after an input changed and the cached options were dropped (re-lint then). */
  readonly onDidChange = this.changed.event;
  readonly counters: OptionsCounters = { settingsReads: 0, resolutions: 0 };
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly configs: ProjectConfigFinder,
    private readonly dnsTtl: WorkspaceDnsTtl,
    private readonly diagnostics: Diagnostics,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(CONFIG_SECTION)) return;
        this.settings.clear();
        this.invalidate();
      }),
      configs.onDidChange(() => this.invalidate()),
      dnsTtl.onDidChange(() => this.invalidate()),
    ];
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }

  /** The settings that apply to a document (or, without one, the workspace's). */
  settingsFor(uri?: vscode.Uri): AuroraGuardSettings {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const key = folder?.uri.toString() ?? '';
    let s = this.settings.get(key);
    if (!s) {
      s = readSettings(folder?.uri);
      this.counters.settingsReads++;
      this.settings.set(key, s);
    }
    return s;
  }

  /** The options for a document: the cached ones while current, else resolved now (config problems reported). */
  optionsFor(uri: vscode.Uri): Promise<ResolvedOptions> {
    const key = uri.toString();
    const hit = this.resolved.get(key);
    if (hit?.current) return Promise.resolve(hit.options);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const gen = this.generation;
    const p: Promise<ResolvedOptions> = this.resolve(uri)
      .then((options) => {
        if (gen === this.generation) this.resolved.set(key, { options, current: true });
        return options;
      })
      .finally(() => {
        if (this.pending.get(key) === p) this.pending.delete(key);
      });
    this.pending.set(key, p);
    return p;
  }

  /** The options used last for a document (synchronous, for code actions, hovers and the forecast); settings only before its first lint. */
  cachedOptions(uri: vscode.Uri): ResolvedOptions {
    return this.resolved.get(uri.toString())?.options ?? resolveOptions(settingsToProjectConfig(this.settingsFor(uri)));
  }

  /** Forget a document's options (it was closed). */
  forget(uri: vscode.Uri): void {
    this.resolved.delete(uri.toString());
    this.pending.delete(uri.toString());
  }

  private invalidate(): void {
    this.generation++;
    for (const r of this.resolved.values()) r.current = false;
    this.pending.clear();
    // config file errors are reported again by the resolutions that follow, if they are still there
    this.diagnostics.clearConfigFiles();
    this.logged.clear();
    this.changed.fire();
  }

  private async resolve(uri: vscode.Uri): Promise<ResolvedOptions> {
    this.counters.resolutions++;
    const problems: string[] = [];
    const fromSettings = settingsToProjectConfig(this.settingsFor(uri), problems);
    for (const p of problems) this.logOnce(p);
    const isValues = /\.ya?ml$/i.test(uri.path);
    const [file, dnsTtl, chart] = await Promise.all([
      this.configs.forDocument(uri),
      this.dnsTtl.forDocument(uri),
      isValues ? this.configs.helmChart(uri) : null,
    ]);
    if (file?.error) this.logOnce(file.error);
    if (file) this.diagnostics.configFile(file);
    const options = resolveOptions(mergeConfigs(fromSettings, file?.config ?? undefined));
    // a Helm values file: the Chart.yaml beside it (or one folder up) names the chart version and wins
    if (chart) options.helmChart = chart;
    if (options.forecast.dnsTtl === undefined && dnsTtl !== null) options.forecast.dnsTtl = dnsTtl;
    return options;
  }

  private logOnce(msg: string): void {
    if (this.logged.has(msg)) return;
    this.logged.add(msg);
    this.log.warn(msg);
  }
}
