// How messages name things: a datasource, where its settings live, where a driver property or a value
// in effect comes from.
import type { Datasource, DriverProp } from '../../model/types';
import type { EffectiveValue } from '../../knowledge/wso2/defaults';

/** The TOML table a deployment.toml datasource is written in: `[[datasource]]` or `[database.apim_db]`. */
export function tomlTableLabel(ds: Datasource): string {
  return ds.role === 'custom' || ds.id.startsWith('datasource') ? '[[datasource]]' : `[${ds.id}]`;
}

/**
 * A datasource as the reader finds it in the file: the XML <name>, or the TOML table it is written in
 * (`[database.apim_db]`, `[[datasource]] MyDS`). Used by the wso2/, aurora/ and jdbc/ messages.
 */
export function dsLabel(ds: Datasource): string {
  if (ds.valuesPath) return ds.valuesPath.replace(/^.*\.(databases\.)/, '$1');
  if (ds.format === 'deployment-toml') {
    const table = tomlTableLabel(ds);
    return table === '[[datasource]]' ? `${table} ${ds.name ?? ds.id}` : table;
  }
  return ds.name ?? ds.id;
}

/** "<configuration>", "<properties>" or "[database.apim_db.pool_options]": where a pool key would have to be written. */
export function whereSettingsLive(ds: Datasource): string {
  if (ds.format === 'carbon-xml') return '<configuration>';
  if (ds.format === 'generic-xml') return '<properties>';
  if (ds.valuesPath) return `${ds.valuesPath.replace(/^.*\.(databases\.)/, '$1')}.poolParameters`;
  const m = /^database\.(.+)$/.exec(ds.id);
  if (m) return `[database.${m[1]}.pool_options]`;
  return `the pool_options of ${ds.name ? `[[datasource]] "${ds.name}"` : 'this [[datasource]]'}`;
}

/**
 * Where a value in effect comes from: '' when the file sets it (the finding sits on it), else e.g.
 * "(WSO2 deployment.toml default)" or "(Tomcat default: not set in <configuration>)".
 */
export function originNote(ds: Datasource, eff: EffectiveValue, apimVersion: string | null = null, name = ''): string {
  if (eff.source === 'file') return '';
  if (eff.source === 'wso2-default') {
    if (eff.origin.includes('deployment.toml')) return '(WSO2 deployment.toml default)';
    if (eff.origin.startsWith('Helm chart')) return `(${eff.origin}: not set in ${whereSettingsLive(ds)})`;
    return `(WSO2 Carbon default: not set in ${whereSettingsLive(ds)})`;
  }
  const old = name === 'validationInterval' && apimVersion && /^2\.[01](\.|$)/.test(apimVersion);
  return `(${old ? 'Tomcat 7.0.34 default in APIM 2.0/2.1' : 'Tomcat default'}: not set in ${whereSettingsLive(ds)})`;
}

/** originNote with a leading space, to follow a value in a message; '' when the file sets the value. */
export function originSuffix(ds: Datasource, eff: EffectiveValue, apimVersion: string | null = null, name = ''): string {
  const note = originNote(ds, eff, apimVersion, name);
  return note ? ' ' + note : '';
}

/** "in the JDBC URL" / "in connectionProperties" / "in <databaseProps>". */
export function whereDriverProp(p: DriverProp): string {
  switch (p.source) {
    case 'url':
      return 'in the JDBC URL';
    case 'connectionProperties':
      return 'in connectionProperties';
    case 'databaseProps':
      return 'in <databaseProps>';
  }
}

/** Human list: `a, b and c`. */
export function humanList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Quote a query (or any code) for a message. */
export function q(query: string): string {
  return `\`${query}\``;
}
