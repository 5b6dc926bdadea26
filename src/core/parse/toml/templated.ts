// A TOML document as written beside its template-masked twin (same offsets): the structure is read from the masked
// text, values from the written one. Where template regions lie, and how a URL parsed on the masked text reads as
// written.
import type { JdbcUrl, Span, TemplateKind } from '../../model/types';
import type { TemplateRegion } from '../../text/templates';
import { decodeEntities } from '../jdbcUrl';

export class TemplatedText {
  /** Regions that stand for values or logic (a template comment is never a value). */
  private readonly valueRegions: TemplateRegion[];

  constructor(
    /** The document as written. */
    readonly text: string,
    /** The same text with every template region masked. */
    readonly masked: string,
    regions: TemplateRegion[],
    readonly templates: TemplateKind[],
  ) {
    this.valueRegions = regions.filter((r) => r.role !== 'comment');
  }

  /** Regions are sorted and disjoint: binary search keeps heavily templated files linear. */
  overlapsTemplate(span: Span): boolean {
    const rs = this.valueRegions;
    let lo = 0;
    let hi = rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid].end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < rs.length && rs[lo].start < span.end && (span.start < span.end || rs[lo].start <= span.start);
  }

  /** Put the original template text back into the decoded parts of a URL parsed on masked text. */
  unmaskUrl(url: JdbcUrl): void {
    const t = this.text;
    const dbMasked = url.database;
    url.text = decodeEntities(t.slice(url.span.start, url.span.end));
    for (const h of url.hosts) h.host = decodeEntities(t.slice(h.span.start, h.span.end));
    for (const p of url.params) {
      const hasEq = p.valueSpan.start > p.span.start && this.masked[p.valueSpan.start - 1] === '=';
      p.name = decodeEntities(t.slice(p.span.start, hasEq ? p.valueSpan.start - 1 : p.span.end)).trim();
      p.value = decodeEntities(t.slice(p.valueSpan.start, p.valueSpan.end));
    }
    if (dbMasked && dbMasked.includes('\uE000')) {
      const i = this.masked.slice(url.span.start, url.span.end).indexOf(dbMasked);
      if (i >= 0) url.database = t.slice(url.span.start + i, url.span.start + i + dbMasked.length);
    }
  }
}
