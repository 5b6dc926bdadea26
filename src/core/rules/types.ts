// What a rule is and what it reports. Rules are plain data + a check function, with no I/O.
import type { ConfigDocument, ConfigFormat, Datasource, RelatedLocation, Severity, Span, TextEdit } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import type { ScenarioForecasts } from '../forecast/forecast';

export type { Severity }; // defined with the model: the project config overrides it too
export type RuleTag = 'aurora' | 'serverless' | 'pool' | 'jdbc' | 'wso2' | 'jvm';

/** A fix as plain data: the edits of one change, applied together. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor offers first and `aurora-guard fix` applies. */
  preferred?: boolean;
}

/** The forecast behind a finding of the validation family (lint --format json carries it). */
export interface FindingForecast {
  /** Now (where the validation query's behaviour is unknown: assuming it passes on a read-only instance). */
  scenarios: ScenarioForecasts;
  /** Now, assuming the unknown validation query raises on a read-only instance. */
  ifQueryRaises?: ScenarioForecasts;
  /** After the best fix this finding has. */
  afterFix?: ScenarioForecasts;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Datasource name/id the finding is about, if any. */
  datasource: string | null;
  /** The value the rule judged came from a WSO2/Tomcat default, not from the file. */
  fromDefault: boolean;
  /** Built on first read when the rule reported them lazily, then kept (see Report.fixes). */
  fixes: Fix[];
  related: RelatedLocation[];
  /** Set on findings decided by the failover forecast. */
  forecast?: FindingForecast;
}

export interface RuleMeta {
  id: string;
  title: string;
  defaultSeverity: Severity;
  tags: RuleTag[];
  formats: ConfigFormat[];
  /** Applies to MySQL-family datasources only (H2/PostgreSQL/… get only wso2/* mechanics). */
  mysqlOnly: boolean;
  /** Fires only when the host is an RDS/Aurora endpoint or the project says the target is Aurora. */
  auroraOnly: boolean;
  /** One sentence: why it matters (used in hovers and SARIF fullDescription). */
  rationale: string;
  /** Some of its findings carry a fix (test/unit/rules/catalog.test.ts holds every rule to it over the fixtures). */
  fixable: boolean;
  /** Its documentation page, relative to the repository and the extension (derived from the id: rules/define.ts). */
  docs: string;
}

/** What a rule's report() takes; the engine fills severity, datasource and defaults. */
export interface Report {
  message: string;
  span: Span;
  datasource?: Datasource | null;
  fromDefault?: boolean;
  /**
   * The fixes, or a function that builds them: the engine calls it on the first read of `Finding.fixes` (code
   * actions, fix-all, JSON/SARIF), so the diagnostics path never builds edits. It must only read what is fixed at
   * report time (the parsed document, `const` values).
   */
  fixes?: Fix[] | (() => Fix[]);
  related?: RelatedLocation[];
  /** Override the rule's default severity for this finding (e.g. error when Aurora is confirmed). */
  severity?: Severity;
  forecast?: FindingForecast;
}

export interface RuleContext {
  doc: ConfigDocument;
  options: ResolvedOptions;
  /** Datasources this rule applies to (family and Aurora filters already applied). */
  datasources: Datasource[];
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
