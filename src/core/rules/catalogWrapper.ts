// The AWS JDBC wrapper's own anti-patterns (its configuration guide's anti-pattern and symptom tables, mapped
// entry by entry in docs/rules/coverage.md). jdbc/aws-wrapper itself (consistency, exclusive plugins, the
// suggestion) stays in catalogue A.
import type { Rule } from './types';
import { awsWrapperEfmSocketTimeout } from './jdbc/awsWrapperEfmSocketTimeout';
import { awsWrapperCustomDomain } from './jdbc/awsWrapperCustomDomain';
import { awsWrapperIamMaxAge } from './jdbc/awsWrapperIamMaxAge';
import { awsWrapperFailoverMode } from './jdbc/awsWrapperFailoverMode';
import { awsWrapperClusterId } from './jdbc/awsWrapperClusterId';
import { awsWrapperDeprecated } from './jdbc/awsWrapperDeprecated';
import { awsWrapperPluginFit } from './jdbc/awsWrapperPluginFit';
import { awsWrapperGlobalDatabase } from './jdbc/awsWrapperGlobalDatabase';
import { awsWrapperRiskyValues } from './jdbc/awsWrapperRiskyValues';
import { awsWrapperDatasourceClass } from './jdbc/awsWrapperDatasourceClass';

export const CATALOG_AWS_WRAPPER: readonly Rule[] = [
  awsWrapperEfmSocketTimeout,
  awsWrapperCustomDomain,
  awsWrapperIamMaxAge,
  awsWrapperFailoverMode,
  awsWrapperClusterId,
  awsWrapperDeprecated,
  awsWrapperPluginFit,
  awsWrapperGlobalDatabase,
  awsWrapperRiskyValues,
  awsWrapperDatasourceClass,
];
