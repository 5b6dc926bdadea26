// What activate() returns: the extension's API for the extension-host tests (and for anyone who wants to script
// the linter), and the probe's test hooks. Built from the parts activate() wires up; nothing here changes what
// the extension does.
import type * as vscode from 'vscode';
import type { ResolvedOptions } from '../core/config/options';
import type { Finding } from '../core/rules/types';
import type { Diagnostics } from './diagnostics';
import type { LintEvent, Linter } from './linter';
import type { OptionsCache, OptionsCounters } from './options';
import type { RuleDocs } from './docs';
import type { ObservableLog } from './log';
import type { ProbeArgs, ProbeController, ProbeOutcome } from './probe/controller';
import { secretKey } from './probe/passwords';
import type { HostMessage, ViewSnapshot } from '../shared/probe/protocol';

/** Test hooks of the probe (the suite spies on what reaches the webview and simulates an untrusted workspace). */
export interface ProbeTestApi {
  /** Every message posted to the Probes webview. */
  readonly onDidPost: vscode.Event<HostMessage>;
  /** Every line the extension writes to its output channel. */
  readonly onDidLog: vscode.Event<string>;
  /** What the view shows now. */
  snapshot(): ViewSnapshot;
  /** The webview did its ready handshake. */
  isViewReady(): boolean;
  /** Pretend the workspace is trusted / untrusted; undefined = the real `workspace.isTrusted`. */
  setTrustOverride(trusted: boolean | undefined): void;
  probe(args: ProbeArgs): Promise<ProbeOutcome>;
  /** Feed a raw message to the host as if the webview had sent it. */
  receiveFromView(raw: unknown): void;
  exportRun(format: 'json' | 'markdown', target: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** The Probes webview as VS Code serves it (its HTML and cspSource), once the view was shown; else undefined. */
  viewHtml(): { html: string; cspSource: string } | undefined;
  /** The state the webview persisted (vscode.setState), as VS Code handed it back when the view was last resolved. */
  viewRestoredState(): unknown;
  /** Every raw message the webview itself sent (before validation). */
  readonly onDidReceive: vscode.Event<unknown>;
  /** Keep a password in secret storage for an endpoint, as the password prompt does (the view's run/watch use it). */
  savePassword(endpoint: { user: string; host: string; port: number }, password: string): Thenable<void>;
}

/** How long activation took, measured by the extension itself (performance.now(), ms). */
export interface ActivationTiming {
  /** From the first line of activate() to its return. */
  readonly activateMs: number;
  /** Evaluating the bundle's modules (from the first import to activate() being callable); file read and compile not included. */
  readonly moduleLoadMs: number;
}

/** What activate() returns: used by the extension-host tests (and by anyone who wants to script the linter). */
export interface AuroraGuardApi {
  /** The timing of this activation (the extension-host suite writes it to .test-output/activation.json for the bench). */
  readonly activation: ActivationTiming;
  /** Fires after diagnostics were published for a document. */
  readonly onDidLint: vscode.Event<LintEvent>;
  /** Lint a document now and resolve to its findings (null if a newer lint superseded this one). */
  lintNow(doc: vscode.TextDocument): Promise<readonly Finding[] | null>;
  /** Is this document one the extension lints (by name, content or the auroraGuard.files globs)? */
  isLinted(doc: vscode.TextDocument): boolean;
  /** The docs page of a rule (the diagnostics' code target). */
  ruleDocUri(ruleId: string): vscode.Uri;
  /** The diagnostic collection the extension publishes into. */
  readonly diagnostics: vscode.DiagnosticCollection;
  /** The options a document was last linted with (settings, aurora-guard.json, Chart.yaml, the workspace's JVM DNS TTL). */
  cachedOptions(uri: vscode.Uri): ResolvedOptions;
  /** The options for a document, resolved if they are not current (what its next lint uses). */
  optionsFor(uri: vscode.Uri): Promise<ResolvedOptions>;
  /** How often settings were read and options resolved so far (typing must move neither). */
  optionsCounters(): Readonly<OptionsCounters>;
  /** The probe's test hooks. */
  readonly probe: ProbeTestApi;
}

/** The parts of the running extension the API exposes. */
export interface ApiParts {
  context: vscode.ExtensionContext;
  activation: ActivationTiming;
  linter: Linter;
  options: OptionsCache;
  diagnostics: Diagnostics;
  docs: RuleDocs;
  probes: ProbeController;
  log: ObservableLog;
}

export function createApi({ context, activation, linter, options, diagnostics, docs, probes, log }: ApiParts): AuroraGuardApi {
  return {
    activation,
    onDidLint: linter.onDidLint,
    lintNow: (doc) => linter.lintDocument(doc),
    isLinted: (doc) => linter.isLinted(doc),
    ruleDocUri: (id) => docs.uriFor(id),
    diagnostics: diagnostics.collection,
    cachedOptions: (uri) => options.cachedOptions(uri),
    optionsFor: (uri) => options.optionsFor(uri),
    optionsCounters: () => ({ ...options.counters }),
    probe: probeTestApi(context, probes, log),
  };
}

function probeTestApi(context: vscode.ExtensionContext, probes: ProbeController, log: ObservableLog): ProbeTestApi {
  const view = probes.view;
  return {
    onDidPost: view.onDidPost,
    onDidLog: log.onDidLog,
    snapshot: () => view.snapshot,
    isViewReady: () => view.isReady,
    setTrustOverride: (t) => {
      probes.trustOverride = t;
    },
    probe: (args) => probes.probeCommand(args),
    receiveFromView: (raw) => view.receive(raw),
    exportRun: (format, target) => probes.exportRun(format, target),
    viewHtml: () => {
      const w = view.webview;
      return w ? { html: w.html, cspSource: w.cspSource } : undefined;
    },
    viewRestoredState: () => view.restoredState,
    onDidReceive: view.onDidReceiveRaw,
    savePassword: (ep, password) => context.secrets.store(secretKey(ep), password),
  };
}
