// jdbc/aws-wrapper-iam-max-age — with the wrapper's iam plugin the password is an IAM token that lives 15 minutes.
// AWS's wrapper configuration guide lists "IAM with a pool max lifetime ≥ 15 min" as an anti-pattern (pooled
// connections failing about 15 minutes after creation) and says to retire pooled connections before 900000 ms
// (§5.6, §14.1, symptom table §16.3, anti-pattern table §18). Tomcat's equivalent of HikariCP's maxLifetime is maxAge.
// AWS's IAM authentication docs also say the token only matters when a connection is opened.
import { defineRule } from '../define';
import { IAM_TOKEN_LIFE_MS } from '../../knowledge/aurora/awsWrapper';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { dsLabel, originSuffix } from '../shared/labels';
import { SAFE_MAX_AGE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';
import { pluginListLabel, pluginLists, wrapperDatasources } from '../shared/awsWrapper';

export const awsWrapperIamMaxAgeRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-iam-max-age',
    title: 'IAM authentication through the AWS wrapper with pooled connections older than the 15-minute token',
    defaultSeverity: 'info',
    tags: ['jdbc', 'aurora', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'AWS\'s wrapper guide says pooled connections authenticated with a 15-minute IAM token should be retired before 15 minutes; Tomcat does that with maxAge.',
  },
  check(ctx) {
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const list = pluginLists(ctx.doc, ds).find((l) => l.plugins.includes('iam'));
      if (!list) continue;
      const { n, eff } = effectiveNumber(ds, 'maxAge', ctx.options.apimVersion);
      if (!Number.isFinite(n) || (n > 0 && n < IAM_TOKEN_LIFE_MS)) continue;
      const age = n <= 0 ? `maxAge is ${n}${originSuffix(ds, eff)}, so pooled connections are never retired` : `maxAge is ${n} ms${originSuffix(ds, eff)}, at least the token's 15 minutes`;
      ctx.report({
        ...reportAtSetting(ds, eff),
        message:
          `${dsLabel(ds)} authenticates with IAM through the AWS wrapper (iam in ${pluginListLabel(list)}) and ${age}. AWS's wrapper ` +
          `configuration guide (published advice, not measured here) lists a pool lifetime of 15 minutes or more with IAM as an anti-pattern ` +
          `("IAM-authenticated connections fail ~15 min after creation") and says to retire pooled connections before ${IAM_TOKEN_LIFE_MS} ms; ` +
          `AWS's IAM authentication documentation says the token only matters when a connection is opened. Set maxAge below ${IAM_TOKEN_LIFE_MS}, ` +
          `e.g. ${SAFE_MAX_AGE_MS} (5 minutes), which also bounds connections pinned to a demoted writer.`,
        fixes: () => compact([simpleFix(`Set maxAge to ${SAFE_MAX_AGE_MS} (retire connections after 5 minutes, before the IAM token's 15)`, ds.edit.setSetting('maxAge', String(SAFE_MAX_AGE_MS)), true)]),
      });
    }
  },
});
