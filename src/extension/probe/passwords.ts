// The probe's passwords in VS Code's SecretStorage: asked once per endpoint and kept there (never in a message,
// the view's state, a log line or a setting); the keys this extension saved are listed in globalState so that
// "Forget Saved Probe Password" can offer them.
import * as vscode from 'vscode';
import type { EndpointForm } from '../../shared/probe/protocol';

export function secretKey(ep: Pick<EndpointForm, 'user' | 'host' | 'port'>): string {
  return `auroraGuard.probe.password:${ep.user}@${ep.host}:${ep.port}`;
}

/** The saved password of the endpoint, or ask for it (and save it); undefined: the prompt was dismissed. */
export async function passwordFor(context: vscode.ExtensionContext, form: EndpointForm): Promise<string | undefined> {
  const key = secretKey(form);
  const saved = await context.secrets.get(key);
  if (saved !== undefined) return saved;
  const pw = await vscode.window.showInputBox({
    title: 'Probe Aurora',
    prompt: `Password of ${form.user}@${form.host}:${form.port} (kept in VS Code's secret storage)`,
    password: true,
    ignoreFocusOut: true,
  });
  if (pw === undefined) return undefined;
  await context.secrets.store(key, pw);
  const known = context.globalState.get<string[]>('auroraGuard.probe.savedKeys', []);
  if (!known.includes(key)) await context.globalState.update('auroraGuard.probe.savedKeys', [...known, key]);
  return pw;
}

/** Forget the saved password of an endpoint (asks which, among the ones this extension saved). */
export async function forgetPassword(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, key?: string): Promise<boolean> {
  const known = context.globalState.get<string[]>('auroraGuard.probe.savedKeys', []);
  const pick =
    typeof key === 'string'
      ? key
      : known.length === 1
        ? known[0]
        : (
            await vscode.window.showQuickPick(
              known.map((k) => ({ label: k.replace(/^auroraGuard\.probe\.password:/, ''), key: k })),
              { placeHolder: 'Forget the saved probe password of…' },
            )
          )?.key;
  if (!pick) {
    if (!known.length) void vscode.window.showInformationMessage('Aurora Guard: no probe password is saved.');
    return false;
  }
  await context.secrets.delete(pick);
  await context.globalState.update(
    'auroraGuard.probe.savedKeys',
    known.filter((k) => k !== pick),
  );
  log.info(`probe: forgot the saved password of ${pick.replace(/^auroraGuard\.probe\.password:/, '')}`);
  void vscode.window.showInformationMessage(
    `Aurora Guard: forgot the probe password of ${pick.replace(/^auroraGuard\.probe\.password:/, '')}.`,
  );
  return true;
}
