// Building fixes (plain data: a title and the edits of one change) from the DatasourceEditor's edits.
import type { Datasource, DriverProp, TextEdit } from '../../model/types';
import type { Fix } from '../types';
import { settingEntry } from '../../knowledge/wso2/defaults';
import { hasDatabaseProps } from '../../knowledge/wso2/driverProps';
import { whereDriverProp } from './labels';
import { entryTemplated } from './templates';

/** A fix from edits the editor built, or null when it could not build them. */
export function simpleFix(title: string, edits: TextEdit[] | null, preferred = false): Fix | null {
  if (!edits || edits.length === 0) return null;
  return { title, edits, ...(preferred ? { preferred } : {}) };
}

export function compact<T>(xs: (T | null | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== null && x !== undefined);
}

/**
 * The preferred fix that sets a driver property. `existing` is the occurrence the finding is about: it is
 * set where it is written. With none (the property is in effect nowhere) it is added to the JDBC URL, else
 * (no editable URL) to connectionProperties, unless <databaseProps> would replace those.
 */
export function setDriverPropFix(ds: Datasource, name: string, value: string, existing: DriverProp | null): Fix | null {
  if (existing) {
    const edits = ds.edit.setDriverProp(existing.name, value, existing.source);
    return edits ? { title: `Set ${existing.name}=${value} ${whereDriverProp(existing)}`, edits, preferred: true } : null;
  }
  const edits = ds.edit.setDriverProp(name, value);
  if (edits) return { title: `Add ${name}=${value} to the JDBC URL`, edits, preferred: true };
  if (hasDatabaseProps(ds)) return null;
  const cp = settingEntry(ds, 'connectionProperties');
  if (cp) {
    if (entryTemplated(cp)) return null;
    const v = cp.value.trim() ? `${cp.value.replace(/[;\s]+$/, '')};${name}=${value}` : `${name}=${value}`;
    return { title: `Add ${name}=${value} to connectionProperties`, edits: ds.edit.replaceValue(cp, v), preferred: true };
  }
  const title = ds.valuesPath
    ? `Add poolParameters.connectionProperties: "${name}=${value}"`
    : ds.format === 'deployment-toml'
      ? `Add pool_options.connectionProperties = "${name}=${value}"`
      : `Add <connectionProperties>${name}=${value}</connectionProperties>`;
  return { title, edits: ds.edit.setSetting('connectionProperties', `${name}=${value}`), preferred: true };
}
