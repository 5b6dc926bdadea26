// The extension's log: its output channel, with every line it writes also told to listeners (onDidLog). The
// extension-host tests listen to check that no secret is ever logged. A wrapper that forwards to the channel,
// so nothing rewrites the channel's own methods.
import * as vscode from 'vscode';

export class ObservableLog implements vscode.LogOutputChannel {
  private readonly lines = new vscode.EventEmitter<string>();
  /** Every line written (trace … error, append, appendLine), as text, before it reaches the channel. */
  readonly onDidLog = this.lines.event;

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }

  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  private tell(parts: unknown[]): void {
    this.lines.fire(parts.map((x) => (x instanceof Error ? x.message : String(x))).join(' '));
  }

  trace(message: string, ...args: unknown[]): void {
    this.tell([message, ...args]);
    this.channel.trace(message, ...args);
  }

  debug(message: string, ...args: unknown[]): void {
    this.tell([message, ...args]);
    this.channel.debug(message, ...args);
  }

  info(message: string, ...args: unknown[]): void {
    this.tell([message, ...args]);
    this.channel.info(message, ...args);
  }

  warn(message: string, ...args: unknown[]): void {
    this.tell([message, ...args]);
    this.channel.warn(message, ...args);
  }

  error(error: string | Error, ...args: unknown[]): void {
    this.tell([error, ...args]);
    this.channel.error(error, ...args);
  }

  append(value: string): void {
    this.tell([value]);
    this.channel.append(value);
  }

  appendLine(value: string): void {
    this.tell([value]);
    this.channel.appendLine(value);
  }

  replace(value: string): void {
    this.channel.replace(value);
  }

  clear(): void {
    this.channel.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'number') this.channel.show(columnOrPreserveFocus, preserveFocus);
    else this.channel.show(columnOrPreserveFocus ?? preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.lines.dispose();
    this.channel.dispose();
  }
}
