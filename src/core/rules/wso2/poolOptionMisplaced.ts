// wso2/pool-option-misplaced — deployment.toml: a pool key written directly under [database.X] (or
// [[datasource]]). The config templates read only url/username/password/driver/validationQuery (and
// type inference keys) there; pool settings are rendered only from pool_options.
import type { Fix } from '../types';
import { defineRule } from '../define';
import { CARBON_CONFIGURATION_KEYS, SHARED_DB_SNAKE_ALIASES, TOML_TOP_LEVEL_KEYS } from '../../knowledge/wso2/knowledge';
import { effectiveSetting, settingEntry } from '../../knowledge/wso2/defaults';
import { dsLabel, tomlTableLabel, whereSettingsLive } from '../shared/labels';

export const poolOptionMisplacedRule = defineRule({
  meta: {
    id: 'wso2/pool-option-misplaced',
    title: 'Pool option outside pool_options in deployment.toml',
    defaultSeverity: 'warning',
    tags: ['wso2', 'pool'],
    formats: ['deployment-toml'],
    mysqlOnly: false,
    auroraOnly: false,
    fixable: true,
    rationale:
      'WSO2 renders pool settings only from pool_options; the same key directly under [database.X] is ignored and the pool keeps its default.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      for (const s of ds.settings) {
        if (s.placement !== 'toml-top') continue;
        if (s.key.includes('.') || TOML_TOP_LEVEL_KEYS.includes(s.key)) continue;
        const canon = CARBON_CONFIGURATION_KEYS.includes(s.key)
          ? s.key
          : ds.role === 'shared_db' && SHARED_DB_SNAKE_ALIASES[s.key]
            ? SHARED_DB_SNAKE_ALIASES[s.key]
            : null;
        if (!canon) continue;
        // a Helm values datasource: the chart renders only url, username, password and poolParameters of it
        const helm = !!ds.valuesPath;
        const table = helm ? dsLabel(ds) : tomlTableLabel(ds);
        const target = helm ? whereSettingsLive(ds) : table === '[[datasource]]' ? 'pool_options of that [[datasource]]' : `[${ds.id}.pool_options]`;
        const pool = helm ? 'poolParameters' : 'pool_options';
        const eff = effectiveSetting(ds, canon, ctx.options.apimVersion);
        const related = ds.poolOptionsHeaderSpan ? [{ span: ds.poolOptionsHeaderSpan, message: `${pool} of ${dsLabel(ds)}` }] : [];
        let fixes: () => Fix[];
        let message = helm
          ? `${s.key}: ${s.value} sits directly under ${dsLabel(ds)}, which the Helm chart does not render into deployment.toml; `
          : `${s.key} = ${s.value} sits directly under ${dsLabel(ds)}, where WSO2's template does not read it; `;
        if (settingEntry(ds, canon)) {
          message += `${pool} already sets ${canon} = ${eff.value}, and that is the value in effect. Delete this line.`;
          fixes = () => [{ title: `Delete ${s.key} from ${table} (${pool} already sets ${canon})`, edits: ds.edit.removeEntry(s), preferred: true }];
        } else {
          message +=
            eff.value === null
              ? `the pool runs without ${canon}. `
              : `the pool runs with ${canon} ${eff.value} (${eff.origin}). `;
          message += `Move it under ${target}.`;
          fixes = () => {
            const edits = ds.edit.moveToPoolOptions(s);
            return edits ? [{ title: `Move ${s.key} into ${target}`, edits, preferred: true }] : [];
          };
        }
        ctx.report({ datasource: ds, span: s.keySpan, message, fixes, related });
      }
    }
  },
});
