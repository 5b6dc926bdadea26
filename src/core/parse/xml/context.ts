// What the model builder and the editor share about one scanned XML document and each datasource in it.
import type { JdbcUrl, LocatedEntry } from '../../model/types';
import type { TemplateRegion } from '../../text/templates';
import type { XmlElement, XmlScan } from './scanner';

/** Everything the model builder and the editor need about one scanned document. */
export interface XmlContext {
  /** The document text as given (values and edits use it). */
  text: string;
  /** The text with template regions masked (structure is read from it; same offsets). */
  masked: string;
  scan: XmlScan;
  /** Template regions in document order. */
  regions: readonly TemplateRegion[];
}

/** Internal facts about one datasource that the editor needs (never exposed in the model). */
export interface XmlDatasourceParts {
  ctx: XmlContext;
  element: XmlElement;
  definition: XmlElement | null;
  /** The element WSO2 reads pool settings from: Carbon <configuration>, generic <properties>. */
  container: XmlElement | null;
  format: 'carbon-xml' | 'generic-xml';
  /** Every entry in the container, in file order (settings and connection keys). */
  containerEntries: LocatedEntry[];
  /** The url/driverClassName/validationQuery entries in effect, wherever they are written (generic: also in <definition>). */
  connectionEntries: LocatedEntry[];
  url: JdbcUrl | null;
  /** The URL is written inside CDATA: parameters are separated by a raw `&`. */
  urlInCdata: boolean;
}
