// Where each rule's documentation lives: docs/rules/<category>/<name>.md in the repository and the extension.
import pkg from '../../../package.json';

export const TOOL_INFO = {
  name: 'aurora-guard',
  version: pkg.version as string,
  homepage: (pkg as { homepage?: string }).homepage ?? 'https://github.com/aurora-failover-guard/aurora-failover-guard',
};

/** Path of a rule's docs page relative to the repository/extension root. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** Public URL of a rule's docs page (SARIF helpUri, CLI output). */
export function ruleDocsUrl(ruleId: string): string {
  return `${TOOL_INFO.homepage}/blob/v${TOOL_INFO.version}/${ruleDocsPath(ruleId)}`;
}
