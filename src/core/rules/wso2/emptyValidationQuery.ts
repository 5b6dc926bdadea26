// wso2/empty-validation-query — an empty validationQuery is not "no query": Tomcat runs any non-null
// query, so every due validation executes an empty statement. (APIM 2.0/2.1, jdbc-pool 7.0.34: a
// missing query with testOnBorrow=true runs execute(null) and fails the same way.)
import { defineRule } from '../define';
import type { Datasource } from '../../model/types';
import { effectiveBool } from '../../knowledge/wso2/defaults';
import { dsLabel } from '../shared/labels';
import { entrySpan } from '../shared/spans';
import { entryTemplated } from '../shared/templates';

function safeQuery(ds: Datasource): string {
  if (ds.family === 'oracle') return 'SELECT 1 FROM DUAL';
  if (ds.family === 'db2') return 'SELECT 1 FROM SYSIBM.SYSDUMMY1';
  return 'SELECT 1';
}

export const emptyValidationQueryRule = defineRule({
  meta: {
    id: 'wso2/empty-validation-query',
    title: 'Empty validationQuery',
    defaultSeverity: 'error',
    tags: ['wso2', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: false,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Tomcat runs any non-null validation query, so an empty one makes every validation fail and every reconnect after a failover fail with it.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const q = ds.validationQuery;
      const query = safeQuery(ds);
      if (q) {
        if (entryTemplated(q) || q.value.trim() !== '') continue;
        const outcome =
          ds.family === 'mysql'
            ? "MySQL Connector/J rejects it ('Can not issue empty query'), so validation fails"
            : 'if the driver rejects it (MySQL Connector/J does), validation fails';
        ctx.report({
          datasource: ds,
          span: entrySpan(q),
          message:
            `validationQuery of ${dsLabel(ds)} is empty. Tomcat skips validation only when the query is null, so every due validation ` +
            `runs an empty statement: ${outcome}, and so does re-validating the fresh connections opened during an Aurora failover. ` +
            `Use ${query}.`,
          fixes: () => [{ title: `Set validationQuery to ${query}`, edits: ds.edit.replaceValue(q, query), preferred: true }],
        });
        continue;
      }
      // jdbc-pool 7.0.34 (APIM 2.0/2.1): no query + testOnBorrow → Statement.execute(null)
      const v = ctx.options.apimVersion;
      if (!v || !/^2\.[01](\.|$)/.test(v) || ds.format === 'deployment-toml') continue;
      const tob = effectiveBool(ds, 'testOnBorrow', v);
      if (tob.b !== true) continue;
      ctx.report({
        datasource: ds,
        span: ds.headerSpan,
        fromDefault: true,
        message:
          `${dsLabel(ds)} has testOnBorrow true but no validationQuery. APIM ${v} ships Tomcat jdbc-pool 7.0.34, which then validates by ` +
          `executing a null statement; that fails, so every validation fails. Add validationQuery ${query}.`,
        fixes: () => [{ title: `Add validationQuery ${query}`, edits: ds.edit.setSetting('validationQuery', query), preferred: true }],
      });
    }
  },
});
