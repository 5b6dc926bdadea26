// wso2/unsupported-pool-option — a pool key that WSO2 drops without a word: Carbon unmarshals
// <configuration> with JAXB and no validation handler, so unknown names (Tomcat-only attributes,
// snake_case outside shared_db, typos, wrong capitals) simply have no effect.
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { Datasource, PoolSetting } from '../../model/types';
import { CARBON_CONFIGURATION_KEYS, SHARED_DB_SNAKE_ALIASES, TOMCAT_ONLY_KEYS, TOML_TOP_LEVEL_KEYS } from '../../knowledge/wso2/knowledge';
import { canonicalKey, effectiveSetting, settingEntry } from '../../knowledge/wso2/defaults';
import { compact } from '../shared/fixes';
import { dsLabel } from '../shared/labels';
import { TEMPLATE_MARK } from '../shared/templates';
import { nearestKey } from './shared/keySpelling';

/** Keys a misspelled one may be renamed to (connection identity and nested blocks are never a rename target). */
const RENAME_TARGETS = CARBON_CONFIGURATION_KEYS.filter(
  (k) => !['url', 'username', 'password', 'dataSourceProps', 'databaseProps', 'dataSourceClassName', 'driverClassName'].includes(k),
);

/** Fields that Carbon kernel 4.4.x (APIM 2.x) does not have yet. */
const KERNEL_45_ONLY = ['commitOnReturn', 'rollbackOnReturn'];

function inEffect(ds: Datasource, key: string, apimVersion: string | null): string {
  const eff = effectiveSetting(ds, key, apimVersion);
  if (eff.value === null) return `the pool runs without ${key}`;
  if (eff.source === 'file') return `${key} = ${eff.value} is set elsewhere in this datasource and is the value in effect`;
  return `the pool runs with ${key} ${eff.value} (${eff.origin})`;
}

function where(ds: Datasource, s: PoolSetting): string {
  if (s.placement === 'toml-pool-options') return `in the ${ds.valuesPath ? 'poolParameters' : 'pool_options'} of ${dsLabel(ds)}`;
  if (s.placement === 'xml-property') return `in the <properties> of ${dsLabel(ds)}`;
  return `in the <configuration> of ${dsLabel(ds)}`;
}

export const unsupportedPoolOptionRule = defineRule({
  meta: {
    id: 'wso2/unsupported-pool-option',
    title: 'Pool option that WSO2 silently ignores',
    defaultSeverity: 'warning',
    tags: ['wso2', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: false,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Carbon reads <configuration> with JAXB and drops unknown names without an error, so a misspelled or Tomcat-only pool option leaves the pool running on defaults you think you changed.',
  },
  check(ctx) {
    const apim = ctx.options.apimVersion;
    const kernel44 = !!apim && /^2\./.test(apim);
    for (const ds of ctx.datasources) {
      for (const s of ds.settings) {
        if (TEMPLATE_MARK.test(s.key) || s.key.includes('\uE000')) continue;
        // the common case, a pool key WSO2 accepts: decided before anything is built for a finding
        const canon = canonicalKey(ds, s); // null only for toml-top
        const accepted = canon !== null && CARBON_CONFIGURATION_KEYS.includes(canon);
        if (accepted && !(kernel44 && KERNEL_45_ONLY.includes(canon))) continue;
        // built on demand (see Report.fixes), in this order
        const fixes: (() => Fix | null)[] = [];
        const shown = s.value === '' || s.templated ? s.key : `${s.key} = ${s.value}`;
        // every occurrence of the key goes (a duplicate would otherwise bring the same finding back); no fix when
        // one of them cannot be deleted safely
        const del = (preferred: boolean): Fix | null => {
          const parts = ds.settings.filter((o) => o.key === s.key && o.placement === s.placement).map((o) => ds.edit.removeEntry(o));
          return parts.some((e) => e.length === 0) ? null : { title: `Delete ${s.key}`, edits: parts.flat(), preferred };
        };
        const rename = (to: string): Fix => ({ title: `Rename ${s.key} to ${to}`, edits: ds.edit.renameKey(s, to), preferred: true });

        if (s.placement === 'toml-top') {
          // Known top-level keys and real pool keys placed here belong to wso2/pool-option-misplaced.
          const head = s.key.split('.')[0];
          if (TOML_TOP_LEVEL_KEYS.includes(head) || s.key.includes('.')) continue;
          if (CARBON_CONFIGURATION_KEYS.includes(s.key)) continue;
          if (ds.role === 'shared_db' && SHARED_DB_SNAKE_ALIASES[s.key]) continue;
          const near = nearestKey(s.key, RENAME_TARGETS);
          if (!near) continue; // not pool-like: an unknown top-level key is not this rule's business
          const clash = ds.settings.some((o) => o !== s && o.placement === s.placement && o.key === near.key);
          ctx.report({
            datasource: ds,
            span: s.keySpan,
            message:
              `${shown} directly under ${dsLabel(ds)} is neither a key WSO2 reads there nor a pool option name, so it has no effect; ` +
              `${inEffect(ds, near.key, apim)}. Did you mean ${ds.valuesPath ? 'poolParameters' : 'pool_options'}.${near.key}?`,
            fixes: () => (clash ? [del(true)] : [rename(near.key), del(false)]).filter((f): f is Fix => f !== null),
          });
          continue;
        }

        if (canon === null) continue;

        let message: string;
        if (accepted) {
          message =
            `${shown} ${where(ds, s)}: ${s.key} exists only from Carbon kernel 4.5 (APIM 3.0); APIM ${apim} runs kernel 4.4.x, ` +
            `whose datasource reader drops it without an error, so it has no effect.`;
          fixes.push(() => del(true));
        } else if (TOMCAT_ONLY_KEYS.includes(s.key)) {
          message =
            `${shown} ${where(ds, s)}: ${s.key} is a Tomcat JDBC pool attribute that WSO2's datasource reader (Carbon RDBMSConfiguration) ` +
            `does not accept; it is dropped without an error, so it has no effect.`;
          if (s.key === 'logValidationErrors') {
            message += ' There is no Carbon equivalent: raise the log level of org.apache.tomcat.jdbc.pool to see validation failures.';
          }
          fixes.push(() => del(true));
        } else {
          const near = nearestKey(s.key, RENAME_TARGETS);
          const snakeElsewhere = near?.how === 'snake' && ds.format === 'deployment-toml' && ds.role !== 'shared_db';
          const snakeShared = near?.how === 'snake' && ds.format === 'deployment-toml' && ds.role === 'shared_db';
          const why = snakeShared
            ? `WSO2 maps only five snake_case pool keys for [database.shared_db] (${Object.keys(SHARED_DB_SNAKE_ALIASES).join(', ')}) and ${s.key} ` +
              `is not one of them, so it becomes an unknown <${s.key}> element that Carbon drops without an error`
            : snakeElsewhere
            ? `WSO2 maps snake_case pool keys only for [database.shared_db] (${Object.keys(SHARED_DB_SNAKE_ALIASES).join(', ')}); ` +
              `here it becomes an unknown <${s.key}> element that Carbon drops without an error`
            : near?.how === 'case'
              ? 'pool option names are case-sensitive and Carbon RDBMSConfiguration has no field spelled this way; it is dropped without an error'
              : 'Carbon RDBMSConfiguration has no such field; it is dropped without an error';
          if (near) {
            const taken = settingEntry(ds, near.key) ?? ds.settings.find((o) => o !== s && o.placement === s.placement && o.key === near.key) ?? null;
            message = `${shown} ${where(ds, s)} is ignored: ${why}, and ${inEffect(ds, near.key, apim)}. `;
            if (taken) {
              message += `Delete ${s.key}: renaming it would override the ${near.key} that is in effect.`;
              fixes.push(() => del(true));
            } else {
              message += `Rename it to ${near.key}.`;
              fixes.push(() => rename(near.key));
              fixes.push(() => del(false));
            }
          } else {
            message = `${shown} ${where(ds, s)} is ignored: ${why} and has no effect.`;
            fixes.push(() => del(true));
          }
        }
        ctx.report({ datasource: ds, span: s.keySpan, message, fixes: () => compact(fixes.map((f) => f())) });
      }
    }
  },
});
