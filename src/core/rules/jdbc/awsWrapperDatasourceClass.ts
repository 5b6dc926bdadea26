// jdbc/aws-wrapper-datasource-class — the Tomcat counterpart of the AWS wrapper guide's "Hikari setJdbcUrl together
// with dataSourceClassName=AwsWrapperDataSource" anti-pattern. With <dataSourceClassName>, Carbon instantiates that
// class, sets <dataSourceProps> on it as bean properties and hands it to Tomcat as the pool's DataSource
// (carbon-kernel RDBMSDataSourceUtils.handleExternalDataSource); Tomcat then connects through the DataSource and
// never uses <url>, <driverClassName> or connectionProperties (PooledConnection.connect). Wrapper settings written
// in the URL silently do not apply (guide §14.1, §15.5, anti-pattern table §18).
import { defineRule } from '../define';
import { AWS_WRAPPER_DATASOURCE_CLASS } from '../../knowledge/aurora/awsWrapper';
import { settingEntry } from '../../knowledge/wso2/defaults';
import { dsLabel } from '../shared/labels';
import { entrySpan } from '../shared/spans';
import { entryTemplated } from '../shared/templates';

export const awsWrapperDatasourceClassRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-datasource-class',
    title: 'AwsWrapperDataSource as dataSourceClassName together with a JDBC URL that is then ignored',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'wso2'],
    formats: ['carbon-xml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: false,
    rationale:
      'With dataSourceClassName Tomcat connects through that DataSource built from dataSourceProps and ignores the url, driver and connectionProperties, so wrapper settings written there never apply.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const cls = settingEntry(ds, 'dataSourceClassName');
      if (!cls || entryTemplated(cls) || cls.value.trim() !== AWS_WRAPPER_DATASOURCE_CLASS || !ds.url) continue;
      // a url written as <dataSourceProps><property name="url"> is a bean property of the DataSource: it is used
      const ownUrl = !!ds.urlEntry && /^<url\b/.test(ctx.doc.text.slice(ds.urlEntry.entrySpan.start, ds.urlEntry.entrySpan.start + 5));
      const ignored = [ownUrl ? 'the JDBC URL' : null, ds.driver ? 'the driver class' : null, settingEntry(ds, 'connectionProperties') ? 'connectionProperties' : null]
        .filter((x): x is string => !!x);
      if (!ownUrl) continue;
      ctx.report({
        datasource: ds,
        span: entrySpan(cls),
        related: ownUrl ? [{ span: ds.url.span, message: 'not used: Tomcat connects through the DataSource' }] : [],
        message:
          `${dsLabel(ds)} sets dataSourceClassName ${AWS_WRAPPER_DATASOURCE_CLASS} and also ${ignored.join(', ')}. Carbon builds the ` +
          `DataSource from <dataSourceProps> and gives it to Tomcat, which then connects through it and never uses ${ignored.join(' or ')}: ` +
          `wrapper settings written there (wrapperPlugins, timeouts, failoverMode …) do not apply. AWS's wrapper configuration guide lists the ` +
          `HikariCP form of this (a JDBC URL next to dataSourceClassName=AwsWrapperDataSource) as an anti-pattern (published advice; Carbon's ` +
          `and Tomcat's behaviour read from their source, not run here). Use one or the other: the jdbc:aws-wrapper: URL with ` +
          `software.amazon.jdbc.Driver and no dataSourceClassName, or the DataSource configured entirely in <dataSourceProps> ` +
          `(jdbcProtocol, serverName, serverPort, database, targetDataSourceClassName, targetDataSourceProperties).`,
        fixes: [],
      });
    }
  },
});
