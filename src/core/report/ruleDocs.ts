// The tool's name, version and home, and the public URL of a rule's documentation page (its path is the rule's
// meta.docs, derived from the id in rules/define.ts).
import pkg from '../../../package.json';
import type { RuleMeta } from '../rules/types';

export const TOOL_INFO = {
  name: 'aurora-guard',
  version: pkg.version as string,
  homepage: (pkg as { homepage?: string }).homepage ?? 'https://github.com/aurora-failover-guard/aurora-failover-guard',
};

/** Public URL of a rule's docs page at this version (SARIF helpUri, `aurora-guard rules --format json`, the schema). */
export function ruleDocsUrl(meta: Pick<RuleMeta, 'docs'>): string {
  return `${TOOL_INFO.homepage}/blob/v${TOOL_INFO.version}/${meta.docs}`;
}
