// Runs some of the reliability suite's extension-host tests (issue 6, parts 4–6) with mocha: the entry files
// trusted.ts and untrusted.ts name which, because the untrusted part needs a code-server with workspace trust on
// (scripts/vscode-host/run-ext-tests.sh WORKSPACE_TRUST=1) and the others a trusted one.
import * as path from 'node:path';
import Mocha from 'mocha';

export function runFiles(names: string[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  for (const n of names) mocha.addFile(path.join(__dirname, n));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
