// What a rule file declares (its metadata and check) and what follows from its id: the documentation page. The page's
// path is derived here only; `aurora-guard rules`, SARIF's helpUri and the editor's docs link all come from it.
import type { Rule, RuleContext, RuleMeta } from './types';

/** Where the rule pages are, relative to the repository, the extension and the npm package. */
export const RULE_DOCS_DIR = 'docs/rules';

/** A rule's documentation page: `docs/rules/pool/test-on-borrow.md` for `pool/test-on-borrow`. */
export function ruleDocsPath(ruleId: string): string {
  return `${RULE_DOCS_DIR}/${ruleId}.md`;
}

/** The rule id a page path (relative to the same root) documents, or null when it is not a rule page's path. */
export function ruleIdOfDocsPath(docsPath: string): string | null {
  const prefix = `${RULE_DOCS_DIR}/`;
  return docsPath.startsWith(prefix) && docsPath.endsWith('.md') ? docsPath.slice(prefix.length, -'.md'.length) : null;
}

/** What a rule file writes: every field of the metadata but those derived from the id. */
export interface RuleDefinition {
  meta: Omit<RuleMeta, 'docs'>;
  check(ctx: RuleContext): void;
}

export function defineRule(def: RuleDefinition): Rule {
  return { meta: { ...def.meta, docs: ruleDocsPath(def.meta.id) }, check: def.check };
}
