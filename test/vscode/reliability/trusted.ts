// Extension-host entry (run-ext-tests.sh out/test/vscode/reliability/trusted.js): secrets (part 4) and the Probes webview (part 5).
import { runFiles } from './run';

export function run(): Promise<void> {
  return runFiles(['secrets.test.js', 'webview.test.js']);
}
