// Where the template regions of an XML document lie, asked of spans (binary searches over the sorted regions, so
// heavily templated files stay linear).
import type { Span } from '../../model/types';
import { TEMPLATE_CHAR } from '../../text/templates';
import type { XmlContext } from './context';

const NO_REGIONS: Span[] = [];

/** First template region overlapping `span` (binary search), as the short list isTemplatedValue wants. */
export function regionsAt(ctx: XmlContext, span: Span): Span[] {
  const r = ctx.regions;
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  // overlap as isTemplatedValue defines it: r.start < span.end && span.start < r.end
  return lo < r.length && r[lo].start < span.end ? [r[lo]] : NO_REGIONS;
}

/** A template region overlaps `span`. */
export function templatedAt(ctx: XmlContext, span: Span): boolean {
  return regionsAt(ctx, span).length > 0;
}

/** A template expression or statement (not a template comment) lies inside `span`. */
export function hasTemplateLogic(ctx: XmlContext, span: Span): boolean {
  const r = ctx.regions;
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < r.length && r[k].start < span.end; k++) if (r[k].role !== 'comment') return true;
  return false;
}

/** [start, end) holds masked template text or overlaps a template region. */
export function hasTemplateChar(ctx: XmlContext, start: number, end: number): boolean {
  return ctx.masked.slice(start, end).includes(TEMPLATE_CHAR) || templatedAt(ctx, { start, end });
}
