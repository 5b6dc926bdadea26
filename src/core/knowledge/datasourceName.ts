// How WSO2 names a datasource, which is how findings, the forecast and both adapters name it. The parsers set
// `Datasource.name` from the file: the XML <name>, the name WSO2 renders for a deployment.toml [database.X] table
// (wso2/knowledge.ts TOML_DATABASES, from the APIM master-datasources.xml.j2 templates) or a [[datasource]]'s id.
import type { Datasource } from '../model/types';

/** The name WSO2 gives a datasource, else its id in the file (`database.apim_db`, `datasource[0]`). */
export function dsName(ds: Datasource): string {
  return ds.name ?? ds.id;
}
