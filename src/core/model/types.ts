// The format-neutral, located model of a WSO2 datasource file.
// Every offset is a UTF-16 code-unit index into the document text as given to the parser
// (the same unit VS Code's `positionAt` uses), so findings and fixes land on exact characters.

/** Half-open range [start, end) of offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A text edit: replace `span` with `newText`. Edits of one fix never overlap. */
export interface TextEdit {
  span: Span;
  newText: string;
}

export type ConfigFormat =
  | 'carbon-xml' // <datasources-configuration> … <definition type="RDBMS"><configuration>
  | 'generic-xml' // <datasource> … <properties><property name="k">v</property>
  | 'deployment-toml' // APIM 3.x/4.x deployment.toml
  | 'jvm-options'; // scripts / Dockerfiles / java.security read for jvm/dns-ttl

export type TemplateKind = 'helm' | 'jinja' | 'erb' | 'gsp';

/** How a TOML value was written, so an edit can keep the file's own style. */
export type ValueStyle = 'basic-string' | 'literal-string' | 'bare' | 'xml-text' | 'xml-attr' | 'other';

/** One key = value (TOML) or <key>value</key> / <property name="key">value</property> (XML), located. */
export interface LocatedEntry {
  /** The key exactly as written (`maxActive`, `pool_options.maxActive` is split: key is `maxActive`). */
  key: string;
  /** Decoded value: XML entities decoded and comments removed, TOML strings unescaped, other TOML values as their literal text. */
  value: string;
  /** Span of the key name (TOML key token incl. quotes; XML element name in the start tag; the name="…" attribute value). */
  keySpan: Span;
  /** Span of the value token as written (TOML: incl. quotes; XML: the trimmed text content; empty span where the element is empty). */
  valueSpan: Span;
  /** Span of the whole entry: the TOML line `k = v` without newline; XML from `<k` to `</k>` (or `/>`). */
  entrySpan: Span;
  style: ValueStyle;
  /** The value contains template syntax (`{{ }}`, `{% %}`, `<% %>`, `${}`): treat as unknown. */
  templated: boolean;
}

/** Where a pool setting sits in the file (decides what WSO2 really reads). */
export type SettingPlacement =
  | 'xml-configuration' // child of <configuration> (Carbon)
  | 'xml-property' // <property name=…> under <properties> (generic form)
  | 'toml-pool-options' // [database.X.pool_options] or pool_options.k
  | 'toml-top'; // directly in [database.X] (only url/username/password/driver/validationQuery/type/… are read there)

export interface PoolSetting extends LocatedEntry {
  placement: SettingPlacement;
}

export type DatasourceRole = 'apim_db' | 'shared_db' | 'user' | 'config' | 'local' | 'custom' | 'unknown';

export type DbFamily = 'mysql' | 'h2' | 'postgresql' | 'oracle' | 'mssql' | 'db2' | 'unknown';

export interface JdbcHost {
  host: string;
  port: number | null;
  /** Span of the host name (without port) in the document. */
  span: Span;
  /** The host is (partly) template syntax or a placeholder: unknown until rendered. */
  templated: boolean;
}

export interface UrlParam {
  name: string;
  /** Decoded value (`&amp;` handled as a separator, not as part of a value). */
  value: string;
  /** Span of `name=value` in the document (without its separator). */
  span: Span;
  valueSpan: Span;
  templated: boolean;
}

export interface JdbcUrl {
  /** The decoded URL text. */
  text: string;
  /** Span of the URL in the document. */
  span: Span;
  /** e.g. `jdbc:mysql:`, `jdbc:aws-wrapper:mysql:`, `jdbc:mysql:replication:`, `jdbc:h2:`. */
  scheme: string;
  /** The database protocol after `jdbc:` (and after `aws-wrapper:`): mysql, mariadb, h2, postgresql, oracle, sqlserver, jtds, db2 … */
  subprotocol: string;
  /** `jdbc:aws-wrapper:…` */
  awsWrapper: boolean;
  /** Connector/J multi-host mode from the scheme (`replication`, `loadbalance`), or null. */
  multiHostMode: string | null;
  hosts: JdbcHost[];
  database: string | null;
  params: UrlParam[];
  /** How query parameters are separated in the source: `&amp;` (XML-escaped, also in TOML) or `&`. */
  paramSeparator: '&amp;' | '&';
  /** Offset just after the last character of the URL's query (or path when there is no query): where a new parameter goes. */
  queryEnd: number;
  /** True when the query string already has a `?`. */
  hasQuery: boolean;
  /** The URL contains template syntax. */
  templated: boolean;
}

export type DriverPropSource = 'url' | 'connectionProperties' | 'databaseProps';

export interface DriverProp {
  name: string;
  value: string;
  source: DriverPropSource;
  /** Span of the property (URL param `k=v`, the `k=v` piece of connectionProperties, or the <property> element). */
  span: Span;
  valueSpan: Span;
}

/** How serious a finding is: a rule declares it, aurora-guard.json may override it per rule. */
export type Severity = 'error' | 'warning' | 'info';

/** A finding's second location (a misplaced key and the table it belongs in …). */
export interface RelatedLocation {
  span: Span;
  message: string;
}

/**
 * Format-specific editing operations for one datasource; each returns the edits of one fix, computed
 * against the current text. Rules stay format-neutral by building fixes only through this interface.
 */
export interface DatasourceEditor {
  /** Set a pool setting: replace the value of the entry that is in effect, or insert it where WSO2 reads it
   *  (XML: inside <configuration> / <properties>; TOML: under pool_options, creating the table if needed). */
  setSetting(name: string, value: string): TextEdit[];
  /** Set several pool settings in one fix, each as setSetting would (the last pair of a name wins). The
   *  edits never overlap: keys that need a new place share it (one new pool_options table or
   *  <configuration> holding all of them, in the given order). */
  setSettings(pairs: readonly (readonly [name: string, value: string])[]): TextEdit[];
  /** Set a JDBC driver property. Replaces every occurrence that can be in effect (see wso2/driverProps.ts:
   *  the URL's and the <databaseProps>/connectionProperties one), or with `where` only the one in that
   *  place (null when that place has none in effect, except 'url', where it is added). When the property is
   *  in effect nowhere, adds it to the URL via setUrlParam. Null when that can't be done (no editable URL,
   *  a value the string can't hold). */
  setDriverProp(name: string, value: string, where?: DriverPropSource): TextEdit[] | null;
  /** Replace the value of one located entry (keeping its quoting style). */
  replaceValue(entry: LocatedEntry, value: string): TextEdit[];
  /** Delete one entry including its line when it stands alone on it. */
  removeEntry(entry: LocatedEntry): TextEdit[];
  /** Rename the key of an entry (XML start and end tag, or TOML key, or property name). */
  renameKey(entry: LocatedEntry, newKey: string): TextEdit[];
  /** TOML only: move a key from [database.X] into its pool_options (null for XML). */
  moveToPoolOptions(entry: LocatedEntry): TextEdit[] | null;
  /** Set (replace or add) a JDBC URL query parameter, keeping the file's separator style. Null if there is no editable URL. */
  setUrlParam(name: string, value: string): TextEdit[] | null;
  /** Remove a JDBC URL query parameter with its separator. */
  removeUrlParam(param: UrlParam): TextEdit[];
  /** Replace a host name in the URL. */
  replaceHost(host: JdbcHost, newHost: string): TextEdit[];
}

export interface Datasource {
  /** Stable id inside the file: the XML <name> or the TOML table path (`database.apim_db`, `datasource[0]`). */
  id: string;
  /** Name WSO2 gives it: XML <name>, TOML mapped (`WSO2AM_DB`) or `[[datasource]] id`. */
  name: string | null;
  jndiName: string | null;
  role: DatasourceRole;
  format: ConfigFormat;
  /** Where findings about defaults go: the TOML table header, or the XML <name> (else <datasource> start tag). */
  headerSpan: Span;
  /** Whole extent of the datasource in the file. */
  span: Span;
  /** Carbon <definition type="…"> (RDBMS for JDBC); TOML datasources are RDBMS. */
  definitionType: string;
  /** TOML `type = "mysql"` and friends. */
  dbType: LocatedEntry | null;
  url: JdbcUrl | null;
  urlEntry: LocatedEntry | null;
  /** URL inferred from `type` + hostname/port/name (TOML): no span of its own. */
  urlInferred: boolean;
  driver: LocatedEntry | null;
  /** Driver class in effect (file, or inferred from type). */
  driverClass: string | null;
  /** The validationQuery in effect (the later one wins when TOML has two). Null when none is written. */
  validationQuery: LocatedEntry | null;
  /** All validationQuery entries in file order (to report duplicates / placement). */
  validationQueries: LocatedEntry[];
  /** Every pool-level key in file order, recognised or not (incl. misplaced TOML ones), without url/driver/username/password/validationQuery. */
  settings: PoolSetting[];
  /** Driver properties from the URL, connectionProperties and databaseProps. */
  driverProps: DriverProp[];
  family: DbFamily;
  /** Any value of this datasource is templated. */
  templated: boolean;
  /** Format-specific edits. */
  edit: DatasourceEditor;
  /** Where a TOML `[database.X.pool_options]` table header is (for related locations), if any. */
  poolOptionsHeaderSpan: Span | null;
  /**
   * Defaults that whoever renders this datasource supplies for settings the file omits, before WSO2's own (a Helm
   * chart's values.yaml for a values file). A null value: the renderer supplies one, but which is not known.
   */
  providedDefaults?: ProvidedDefaults | null;
  /** Helm values: the values path of the datasource (`wso2.apim.configurations.databases.apim_db`). */
  valuesPath?: string;
}

export interface ProvidedDefaults {
  values: Readonly<Record<string, string | null>>;
  /** Human wording of where they come from, for messages ("Helm chart default: wso2/helm-apim 4.5.0-3 values.yaml"). */
  origin: string;
}

export interface ParseError {
  message: string;
  span: Span;
}

/** A JVM DNS-cache setting seen in a script, Dockerfile, Helm values or java.security. */
export interface JvmDnsSetting {
  /** `networkaddress.cache.ttl` (security property), `sun.net.inetaddr.ttl` (system property fallback), or the trap `-Dnetworkaddress.cache.ttl`. */
  kind: 'security-property' | 'system-property' | 'ignored-system-property';
  name: string;
  value: string;
  span: Span;
  valueSpan: Span;
}

export interface ConfigDocument {
  format: ConfigFormat;
  text: string;
  /** The name it was parsed under (decides the parser and template kinds; the forecast re-parses fixed text with it). */
  fileName?: string;
  /** What it was parsed with besides its name (a Helm values file's chart), when anything (re-parses pass it again). */
  parseOptions?: { helmChart?: import('../knowledge/wso2/helmChart').HelmChartRef | null };
  /** Template languages detected in the text (empty for plain files). */
  templates: TemplateKind[];
  /**
   * Where template control flow (`{{- range }}`, `{% for %}`, `<% if %>`) lies, as the parser that masked the
   * templates found it, so lint need not mask them again; absent where a parser did not mask.
   */
  templateStatements?: readonly Span[];
  datasources: Datasource[];
  /** Set when the file is not well-formed: one clear error at its position; datasources is then empty. */
  parseError: ParseError | null;
  /** JVM DNS settings found in the file (jvm-options documents). */
  jvmDns: JvmDnsSetting[];
  /** Where a finding that belongs to the file as a whole goes (start of the first line). */
  fileSpan: Span;
}
