// The rule catalogue: every rule, one file each (`<category>/<camelName>.ts` exporting `<camelName>Rule`).
// The order is the order rules run in and the order of `aurora-guard rules` and SARIF's rule list (findings are sorted by
// position and rule id): append new rules, don't reorder.
import type { Rule } from './types';
import { parseErrorRule } from './syntax/parseError';
import { unsupportedPoolOptionRule } from './wso2/unsupportedPoolOption';
import { poolOptionMisplacedRule } from './wso2/poolOptionMisplaced';
import { emptyValidationQueryRule } from './wso2/emptyValidationQuery';
import { jdbcInterceptorsRule } from './wso2/jdbcInterceptors';
import { instanceEndpointForWriterRule } from './aurora/instanceEndpointForWriter';
import { readerEndpointForWriterRule } from './aurora/readerEndpointForWriter';
import { nonRdsHostRule } from './aurora/nonRdsHost';
import { connectTimeoutRule } from './jdbc/connectTimeout';
import { socketTimeoutRule } from './jdbc/socketTimeout';
import { autoReconnectRule } from './jdbc/autoReconnect';
import { multiHostFailoverReadonlyRule } from './jdbc/multiHostFailoverReadonly';
import { tcpKeepaliveRule } from './jdbc/tcpKeepalive';
import { tlsRule } from './jdbc/tls';
import { awsWrapperRule } from './jdbc/awsWrapper';
import { dnsTtlRule } from './jvm/dnsTtl';
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
import { awsWrapperEfmSocketTimeoutRule } from './jdbc/awsWrapperEfmSocketTimeout';
import { awsWrapperCustomDomainRule } from './jdbc/awsWrapperCustomDomain';
import { awsWrapperIamMaxAgeRule } from './jdbc/awsWrapperIamMaxAge';
import { awsWrapperFailoverModeRule } from './jdbc/awsWrapperFailoverMode';
import { awsWrapperClusterIdRule } from './jdbc/awsWrapperClusterId';
import { awsWrapperDeprecatedRule } from './jdbc/awsWrapperDeprecated';
import { awsWrapperPluginFitRule } from './jdbc/awsWrapperPluginFit';
import { awsWrapperGlobalDatabaseRule } from './jdbc/awsWrapperGlobalDatabase';
import { awsWrapperRiskyValuesRule } from './jdbc/awsWrapperRiskyValues';
import { awsWrapperDatasourceClassRule } from './jdbc/awsWrapperDatasourceClass';

export const ALL_RULES: readonly Rule[] = [
  parseErrorRule,
  // WSO2 configuration mechanics
  unsupportedPoolOptionRule,
  poolOptionMisplacedRule,
  emptyValidationQueryRule,
  jdbcInterceptorsRule,
  // Aurora endpoints
  instanceEndpointForWriterRule,
  readerEndpointForWriterRule,
  nonRdsHostRule,
  // the JDBC URL and driver
  connectTimeoutRule,
  socketTimeoutRule,
  autoReconnectRule,
  multiHostFailoverReadonlyRule,
  tcpKeepaliveRule,
  tlsRule,
  awsWrapperRule,
  // the JVM's DNS cache
  dnsTtlRule,
  // pool behaviour
  testOnBorrowRule,
  validationIntervalRule,
  validationQueryRule,
  validationQueryTimeoutRule,
  maxAgeRule,
  idleEvictionRule,
  maxWaitRule,
  removeAbandonedRule,
  defaultAutoCommitRule,
  // Aurora Serverless v2
  maxConnectionsBudgetRule,
  autoPauseResumeTimeoutsRule,
  autoPauseBlockedRule,
  // the AWS JDBC wrapper's own anti-patterns (its configuration guide, entry by entry in docs/rules/coverage.md)
  awsWrapperEfmSocketTimeoutRule,
  awsWrapperCustomDomainRule,
  awsWrapperIamMaxAgeRule,
  awsWrapperFailoverModeRule,
  awsWrapperClusterIdRule,
  awsWrapperDeprecatedRule,
  awsWrapperPluginFitRule,
  awsWrapperGlobalDatabaseRule,
  awsWrapperRiskyValuesRule,
  awsWrapperDatasourceClassRule,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
