// pool/default-auto-commit: flag only a value that differs from what WSO2 ships for that datasource.
import { defineRule } from '../define';
import type { Datasource } from '../../model/types';
import { effectiveBool } from '../../knowledge/wso2/defaults';
import { originNote } from '../shared/labels';
import { dsName } from '../../knowledge/datasourceName';
import { reportAtSetting } from '../shared/spans';

/**
 * WSO2's defaultAutoCommit for a datasource, or null when there is nothing to compare with: custom datasources,
 * and the XML WSO2AM_DB / WSO2AM_STATS_DB, for which stock APIM 2.x files shipped false in some releases
 * (wso2/product-apim master-datasources.xml @ 1adadf3a) and true in others (@ 8196729e).
 * deployment.toml: default.json's true. Other stock datasources: true (or unset, i.e. the driver's auto-commit on);
 * the message-broker store: false.
 */
function wso2AutoCommitDefault(ds: Datasource): boolean | null {
  const name = (ds.name ?? '').toUpperCase();
  if (/MB_?STORE/.test(name)) return false; // WSO2_MB_STORE_DB ships with false
  if (ds.format !== 'deployment-toml' && (ds.role === 'apim_db' || name === 'WSO2AM_STATS_DB')) return null;
  if (['apim_db', 'shared_db', 'user', 'config', 'local'].includes(ds.role)) return true;
  if (['WSO2_CARBON_DB', 'WSO2_SHARED_DB', 'WSO2UM_DB', 'WSO2REG_DB', 'WSO2USER_DB', 'WSO2CONFIG_DB'].includes(name)) return true;
  return null;
}

export const defaultAutoCommitRule = defineRule({
  meta: {
    id: 'pool/default-auto-commit',
    title: 'defaultAutoCommit differs from WSO2\'s default',
    defaultSeverity: 'info',
    tags: ['pool', 'wso2'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: false,
    rationale:
      'WSO2 code is written against the defaultAutoCommit it ships for each datasource; changing it alters transaction boundaries, and a failover inside an open transaction leaves its outcome unknown.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const expected = wso2AutoCommitDefault(ds);
      if (expected === null) continue;
      const { b, eff } = effectiveBool(ds, 'defaultAutoCommit', ctx.options.apimVersion);
      // Not set and no WSO2 default in effect: the driver's default (auto-commit on) applies.
      // (A renderer's default that is not known, e.g. a Helm chart of unknown version, decides nothing.)
      const actual = eff.value === null ? (eff.source === 'wso2-default' ? null : true) : b;
      if (actual === null || actual === expected) continue;
      const origin = eff.value === null ? '(JDBC driver default: not set)' : originNote(ds, eff);
      const why = expected
        ? 'with auto-commit off every statement stays in an open transaction until a commit, so a failover before that commit surfaces as ' +
          '"Communications link failure during commit(). Transaction resolution unknown." and its outcome is unknown'
        : 'the code using that store was shipped and tested with auto-commit off';
      ctx.report({
        message:
          `defaultAutoCommit is ${actual}${origin ? ' ' + origin : ''}, but WSO2's default for ${dsName(ds)} is ${expected}: ${why}; ` +
          'WSO2 manages its own commits, so keep its default unless you changed it on purpose.',
        ...reportAtSetting(ds, eff),
        fixes: [],
      });
    }
  },
});
