// wso2/jdbc-interceptors — Carbon's RDBMSDataSource.populateStandardProps() always builds the chain
// as "ConnectionState;StatementFinalizer;" + <your list> (+ CorrelationLogInterceptor in current
// kernels), so listing those again puts them in the chain twice.
import { defineRule } from '../define';
import { settingEntry } from '../../knowledge/wso2/defaults';
import { dsLabel, humanList } from '../shared/labels';
import { entryTemplated } from '../shared/templates';

const TOMCAT_PKG = 'org.apache.tomcat.jdbc.pool.interceptor.';

/** Fully qualified class name of one interceptor definition (`StatementFinalizer(x=1)` → org.apache….StatementFinalizer). */
function className(def: string): string {
  const name = def.split('(')[0].trim();
  return name.includes('.') ? name : TOMCAT_PKG + name;
}

function shortName(cls: string): string {
  return cls.slice(cls.lastIndexOf('.') + 1);
}

export const jdbcInterceptorsRule = defineRule({
  meta: {
    id: 'wso2/jdbc-interceptors',
    title: 'jdbcInterceptors repeats interceptors WSO2 adds itself',
    defaultSeverity: 'info',
    tags: ['wso2', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: false,
    auroraOnly: false,
    fixable: true,
    rationale:
      'WSO2 always puts ConnectionState and StatementFinalizer (and, in current kernels, its CorrelationLogInterceptor) around your jdbcInterceptors; listing them again makes them run twice.',
  },
  check(ctx) {
    const apim = ctx.options.apimVersion;
    const added = new Map<string, string>([
      [TOMCAT_PKG + 'ConnectionState', 'prepends'],
      [TOMCAT_PKG + 'StatementFinalizer', 'prepends'],
      ['org.wso2.carbon.ndatasource.rdbms.CorrelationLogInterceptor', 'appends'],
    ]);
    if (apim && /^2\./.test(apim)) added.set('org.wso2.carbon.ndatasource.rdbms.ConnectionRollbackOnReturnInterceptor', 'adds (kernel 4.4.x)');
    for (const ds of ctx.datasources) {
      const e = settingEntry(ds, 'jdbcInterceptors');
      if (!e || entryTemplated(e)) continue;
      const defs = e.value.split(';').map((d) => d.trim()).filter(Boolean);
      const seen = new Set<string>();
      const dupes: string[] = [];
      const kept: string[] = [];
      for (const d of defs) {
        const cls = className(d);
        if (added.has(cls) || seen.has(cls)) {
          dupes.push(shortName(cls));
          continue;
        }
        seen.add(cls);
        kept.push(d);
      }
      if (dupes.length === 0) continue;
      const unique = [...new Set(dupes)];
      const fromWso2 = unique.filter((n) => [...added.keys()].some((k) => shortName(k) === n));
      const why = fromWso2.length
        ? `WSO2 already builds the chain as ConnectionState;StatementFinalizer; + this list + CorrelationLogInterceptor (current kernels), so ${humanList(fromWso2)} ${fromWso2.length > 1 ? 'run' : 'runs'} twice`
        : `${humanList(unique)} ${unique.length > 1 ? 'are' : 'is'} listed more than once`;
      const fix = () =>
        kept.length === 0
          ? { title: 'Delete jdbcInterceptors (WSO2 adds these interceptors itself)', edits: ds.edit.removeEntry(e), preferred: true }
          : { title: `Set jdbcInterceptors to ${kept.join(';')}`, edits: ds.edit.replaceValue(e, kept.join(';')), preferred: true };
      ctx.report({
        datasource: ds,
        span: e.valueSpan.end > e.valueSpan.start ? e.valueSpan : e.keySpan,
        message:
          `jdbcInterceptors of ${dsLabel(ds)} is "${e.value}": ${why}. ` +
          (kept.length ? `Keep only ${kept.join(';')}.` : 'Remove the setting; the interceptors it names are there anyway.'),
        fixes: () => [fix()],
      });
    }
  },
});
