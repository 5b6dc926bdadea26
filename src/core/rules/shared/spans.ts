// Where a finding goes in the file.
import type { Datasource, LocatedEntry, Span } from '../../model/types';
import type { EffectiveValue } from '../../knowledge/wso2/defaults';

/** The value span of an entry, or the whole entry when the value is empty. */
export function entrySpan(e: LocatedEntry): Span {
  return e.valueSpan.end > e.valueSpan.start ? e.valueSpan : e.entrySpan;
}

/** Where a report about a setting goes: on its value in the file, else (a default is in effect) on the datasource header. */
export function reportAtSetting(ds: Datasource, eff: EffectiveValue): { span: Span; fromDefault: boolean; datasource: Datasource } {
  if (eff.entry) return { span: entrySpan(eff.entry), fromDefault: false, datasource: ds };
  return { span: ds.headerSpan, fromDefault: true, datasource: ds };
}
