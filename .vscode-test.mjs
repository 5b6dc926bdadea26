// The standard path for machines with internet: `npx vscode-test` (@vscode/test-cli + @vscode/test-electron)
// downloads VS Code and runs the SAME compiled suite as the offline runner (npm run test:vscode, which uses
// code-server + chromium, see scripts/vscode-host/). Build first:
//   npm run build && npx tsc -p test/vscode && npx vscode-test
// The suite edits and saves files, so it runs in a fresh copy of test/vscode/fixtures/workspace.
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-ws-'));
fs.cpSync('test/vscode/fixtures/workspace', workspace, { recursive: true });

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/vscode/suite/**/*.test.js',
  workspaceFolder: workspace,
  mocha: { ui: 'bdd', timeout: 30000, color: true },
  env: { AURORA_GUARD_TEST_WORKSPACE: workspace },
  launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes'],
});
