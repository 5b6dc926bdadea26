// Pool behaviour and Aurora Serverless v2 rules (one file per rule).
import type { Rule } from './types';
import { testOnBorrowRule } from './pool/testOnBorrow';
import { validationIntervalRule } from './pool/validationInterval';
import { validationQueryRule } from './pool/validationQuery';
import { validationQueryTimeoutRule } from './pool/validationQueryTimeout';
import { maxAgeRule } from './pool/maxAge';
import { idleEvictionRule } from './pool/idleEviction';
import { maxWaitRule } from './pool/maxWait';
import { removeAbandonedRule } from './pool/removeAbandoned';
import { defaultAutoCommitRule } from './pool/defaultAutoCommit';
import { maxConnectionsBudgetRule } from './serverless/maxConnectionsBudget';
import { autoPauseResumeTimeoutsRule } from './serverless/autoPauseResumeTimeouts';
import { autoPauseBlockedRule } from './serverless/autoPauseBlocked';

export const CATALOG_POOL_SERVERLESS: readonly Rule[] = [
  testOnBorrowRule,
  validationIntervalRule,
  validationQueryRule,
  validationQueryTimeoutRule,
  maxAgeRule,
  idleEvictionRule,
  maxWaitRule,
  removeAbandonedRule,
  defaultAutoCommitRule,
  maxConnectionsBudgetRule,
  autoPauseResumeTimeoutsRule,
  autoPauseBlockedRule,
];
