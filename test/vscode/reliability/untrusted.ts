// Extension-host entry for a code-server with workspace trust on (WORKSPACE_TRUST=1 run-ext-tests.sh
// out/test/vscode/reliability/untrusted.js): the untrusted-workspace part (part 6).
import { runFiles } from './run';

export function run(): Promise<void> {
  return runFiles(['untrusted.test.js']);
}
