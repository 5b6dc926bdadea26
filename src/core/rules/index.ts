// The rule catalogue: one file per rule, collected here.
import type { Rule } from './types';
import { CATALOG_MECHANICS_ENDPOINTS_JDBC } from './catalogA';
import { CATALOG_POOL_SERVERLESS } from './catalogB';
import { CATALOG_AWS_WRAPPER } from './catalogWrapper';
import { parseErrorRule } from './syntax/parseError';

export const ALL_RULES: readonly Rule[] = [parseErrorRule, ...CATALOG_MECHANICS_ENDPOINTS_JDBC, ...CATALOG_POOL_SERVERLESS, ...CATALOG_AWS_WRAPPER];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
