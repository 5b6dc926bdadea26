// A tolerant, located XML scanner: one linear pass that builds an element tree with exact offsets.
// It never throws and never recurses, so truncated files, template-masked text (unbalanced ERB/GSP
// branches) and XML embedded in YAML all yield whatever elements are literally there.

/** An attribute as written: offsets into the scanned text. valueStart/valueEnd exclude the quotes; -1 when there is no value. */
export interface XmlAttr {
  name: string;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface XmlElement {
  /** Qualified name as written (`svns:x`); '' for the document node. */
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the name in the start tag. */
  nameEnd: number;
  /** Offset just after `>` (or `/>`) of the start tag. */
  startTagEnd: number;
  selfClosing: boolean;
  /** Offset of `<` of the end tag; equals startTagEnd when self-closing, the implicit close point when unclosed. */
  endTagStart: number;
  /** Offset just after the end tag (or `/>`). */
  end: number;
  /** False when no matching end tag was found (tolerant mode only). */
  closed: boolean;
  attrs: readonly XmlAttr[];
  children: readonly XmlElement[];
  parent: XmlElement | null;
}

/** Markup that is not an element: comments, CDATA sections, processing instructions, DOCTYPE and other declarations. */
export interface XmlSpecial {
  kind: 'comment' | 'cdata' | 'pi' | 'decl';
  start: number;
  end: number;
  /** CDATA: range of the character data between `<![CDATA[` and `]]>`; otherwise equal to start/end. */
  innerStart: number;
  innerEnd: number;
}

export interface XmlScan {
  /** Virtual document node holding the top-level elements. */
  root: XmlElement;
  /** Specials in document order (used to skip comments and unwrap CDATA inside text content). */
  specials: XmlSpecial[];
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QMARK = 63; // ?
const EQ = 61; // =
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 58 /* : */ || c > 127;
}

/** Characters that end a name (element or attribute) in this tolerant reading. */
function endsName(c: number): boolean {
  return isSpace(c) || c === GT || c === SLASH || c === LT || c === EQ || c === DQUOTE || c === SQUOTE || Number.isNaN(c);
}

// Shared empty lists: most elements have no attributes and half have no children (less garbage on big files).
const NO_ATTRS: readonly XmlAttr[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

function newElement(name: string, start: number, parent: XmlElement | null): XmlElement {
  return {
    name,
    start,
    nameEnd: start,
    startTagEnd: start,
    selfClosing: false,
    endTagStart: start,
    end: start,
    closed: false,
    attrs: NO_ATTRS,
    children: NO_CHILDREN,
    parent,
  };
}

/**
 * Scan `text` into an element tree. `strict` means the text already passed a well-formedness check, so
 * attribute values may contain `<`; otherwise a `<` inside a tag abandons the tag (it is read as text).
 */
export function scanXml(text: string, strict: boolean): XmlScan {
  const n = text.length;
  const root = newElement('', 0, null);
  root.startTagEnd = 0;
  root.endTagStart = n;
  root.end = n;
  root.closed = true;
  const specials: XmlSpecial[] = [];
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === BANG) {
      i = readBang(text, lt, specials);
      continue;
    }
    if (c1 === QMARK) {
      const close = text.indexOf('?>', lt + 2);
      const gt = close < 0 ? text.indexOf('>', lt + 2) : -1; // never closed: stop at the first `>`
      const end = close >= 0 ? close + 2 : gt >= 0 ? gt + 1 : n;
      specials.push({ kind: 'pi', start: lt, end, innerStart: lt, innerEnd: end });
      i = end;
      continue;
    }
    if (c1 === SLASH) {
      i = readEndTag(text, lt, stack);
      continue;
    }
    if (!isNameStart(c1)) {
      i = lt + 1;
      continue;
    }
    const el = readStartTag(text, lt, strict, stack[stack.length - 1]);
    if (!el) {
      i = lt + 1;
      continue;
    }
    const parent = stack[stack.length - 1];
    if (parent.children === NO_CHILDREN) parent.children = [el];
    else (parent.children as XmlElement[]).push(el);
    if (!el.selfClosing) stack.push(el);
    i = el.startTagEnd;
  }
  // Whatever is still open at the end of the text closes there.
  for (let k = stack.length - 1; k > 0; k--) {
    const el = stack[k];
    el.endTagStart = n;
    el.end = n;
  }
  return { root, specials };
}

/** `<!--…-->`, `<![CDATA[…]]>`, `<!DOCTYPE …[…]>` and any other `<!…>`; returns the offset after it. */
function readBang(text: string, lt: number, specials: XmlSpecial[]): number {
  const n = text.length;
  if (text.startsWith('<!--', lt)) {
    const close = text.indexOf('-->', lt + 4);
    const end = close < 0 ? n : close + 3;
    specials.push({ kind: 'comment', start: lt, end, innerStart: lt, innerEnd: end });
    return end;
  }
  if (text.startsWith('<![CDATA[', lt)) {
    const close = text.indexOf(']]>', lt + 9);
    const end = close < 0 ? n : close + 3;
    specials.push({ kind: 'cdata', start: lt, end, innerStart: lt + 9, innerEnd: close < 0 ? n : close });
    return end;
  }
  // DOCTYPE (with an optional internal subset in brackets) or another declaration.
  let depth = 0;
  let quote = 0;
  let j = lt + 2;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === LBRACKET) depth++;
    else if (c === RBRACKET) depth = Math.max(0, depth - 1);
    else if (c === GT && depth === 0) break;
  }
  let end = j + 1;
  if (j >= n) {
    // never closed: end at the first `>` rather than swallowing the rest of the text
    const gt = text.indexOf('>', lt + 2);
    end = gt < 0 ? n : gt + 1;
  }
  specials.push({ kind: 'decl', start: lt, end, innerStart: lt, innerEnd: end });
  return end;
}

/** How far down the open elements an end tag may reach to close them implicitly (bounds stray end tags to O(1)). */
const MAX_IMPLICIT_CLOSE = 256;

/** Read `</name >`; close the matching open element (and implicitly every element opened inside it). */
function readEndTag(text: string, lt: number, stack: XmlElement[]): number {
  const n = text.length;
  let j = lt + 2;
  while (j < n && !endsName(text.charCodeAt(j))) j++;
  const nameEnd = j;
  while (j < n && isSpace(text.charCodeAt(j))) j++;
  if (j >= n || text.charCodeAt(j) !== GT || nameEnd === lt + 2) return lt + 1; // not an end tag: read it as text
  const end = j + 1;
  const nameLength = nameEnd - lt - 2;
  // Usually the end tag closes the innermost element: compare in place, no string is made.
  let k = stack.length - 1;
  const bottom = Math.max(1, stack.length - MAX_IMPLICIT_CLOSE);
  for (; k >= bottom; k--) {
    const name = stack[k].name;
    if (name.length === nameLength && text.startsWith(name, lt + 2)) break;
  }
  if (k < bottom) return end; // stray end tag: ignored
  while (stack.length - 1 > k) {
    const inner = stack.pop()!;
    inner.endTagStart = lt;
    inner.end = lt;
  }
  const el = stack.pop()!;
  el.endTagStart = lt;
  el.end = end;
  el.closed = true;
  return end;
}

/** Read a start tag at `lt` (the name start is already checked); null when it is not a complete tag. */
function readStartTag(text: string, lt: number, strict: boolean, parent: XmlElement): XmlElement | null {
  const n = text.length;
  let j = lt + 1;
  while (j < n && !endsName(text.charCodeAt(j))) j++;
  const el = newElement(text.slice(lt + 1, j), lt, parent);
  el.nameEnd = j;
  for (;;) {
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return null;
    const c = text.charCodeAt(j);
    if (c === GT) {
      el.startTagEnd = j + 1;
      break;
    }
    if (c === SLASH && text.charCodeAt(j + 1) === GT) {
      el.startTagEnd = j + 2;
      el.selfClosing = true;
      el.closed = true;
      el.endTagStart = el.startTagEnd;
      el.end = el.startTagEnd;
      return el;
    }
    if (c === LT) return null;
    const nameStart = j;
    while (j < n && !endsName(text.charCodeAt(j))) j++;
    if (j === nameStart) {
      j++; // a stray `/`, `=` or quote: skip it
      continue;
    }
    const attr: XmlAttr = { name: text.slice(nameStart, j), nameStart, nameEnd: j, valueStart: -1, valueEnd: -1 };
    let k = j;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === EQ) {
      k++;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      const q = text.charCodeAt(k);
      if (q === DQUOTE || q === SQUOTE) {
        let m = k + 1;
        while (m < n) {
          const d = text.charCodeAt(m);
          if (d === q) break;
          if (d === LT && !strict) return null;
          m++;
        }
        if (m >= n) return null;
        attr.valueStart = k + 1;
        attr.valueEnd = m;
        j = m + 1;
      } else {
        // unquoted value (not XML, but seen in templates): up to whitespace or the tag end
        let m = k;
        while (m < n) {
          const d = text.charCodeAt(m);
          if (isSpace(d) || d === GT || d === LT || (d === SLASH && text.charCodeAt(m + 1) === GT)) break;
          m++;
        }
        attr.valueStart = k;
        attr.valueEnd = m;
        j = m;
      }
    }
    if (el.attrs === NO_ATTRS) el.attrs = [attr];
    else (el.attrs as XmlAttr[]).push(attr);
  }
  el.endTagStart = el.startTagEnd;
  el.end = el.startTagEnd;
  return el;
}

/** Index of the first special that ends after `pos` (binary search over document-ordered specials). */
export function firstSpecialFrom(specials: readonly XmlSpecial[], pos: number): number {
  let lo = 0;
  let hi = specials.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (specials[mid].end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A run of character data inside an element: raw text (entities still encoded) or the inside of a CDATA section. */
export interface TextPiece {
  start: number;
  end: number;
  cdata: boolean;
}

/** The element's own character data in order: text and CDATA, without child elements, comments and PIs. */
export function textPieces(el: XmlElement, specials: readonly XmlSpecial[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  const stop = el.endTagStart;
  const kids = el.children;
  let pos = el.startTagEnd;
  let s = firstSpecialFrom(specials, pos);
  let c = 0;
  while (pos < stop) {
    while (s < specials.length && specials[s].end <= pos) s++;
    while (c < kids.length && kids[c].end <= pos) c++;
    const specialAt = s < specials.length && specials[s].start < stop ? Math.max(specials[s].start, pos) : stop;
    const kidAt = c < kids.length && kids[c].start < stop ? Math.max(kids[c].start, pos) : stop;
    const next = Math.min(specialAt, kidAt);
    if (next > pos) pieces.push({ start: pos, end: next, cdata: false });
    if (next >= stop) break;
    if (kidAt <= specialAt) {
      pos = Math.max(kids[c].end, pos + 1);
      c++;
    } else {
      const sp = specials[s];
      if (sp.kind === 'cdata' && sp.innerEnd > sp.innerStart)
        pieces.push({ start: sp.innerStart, end: Math.min(sp.innerEnd, stop), cdata: true });
      pos = Math.max(sp.end, pos + 1);
      s++;
    }
  }
  return pieces;
}

/** Child elements, in order, whose name equals `name` (ignoring case when asked). */
export function childrenNamed(el: XmlElement, name: string, ignoreCase = false): XmlElement[] {
  const out: XmlElement[] = [];
  const want = ignoreCase ? name.toLowerCase() : name;
  for (const k of el.children) if ((ignoreCase ? k.name.toLowerCase() : k.name) === want) out.push(k);
  return out;
}

/** The last child element of that name (XML binding takes the last of repeated single-valued elements). */
export function lastChildNamed(el: XmlElement | null, name: string, ignoreCase = false): XmlElement | null {
  if (!el) return null;
  const want = ignoreCase ? name.toLowerCase() : name;
  for (let k = el.children.length - 1; k >= 0; k--) {
    const kid = el.children[k];
    if ((ignoreCase ? kid.name.toLowerCase() : kid.name) === want) return kid;
  }
  return null;
}

export function attrNamed(el: XmlElement, name: string): XmlAttr | null {
  const want = name.toLowerCase();
  for (const a of el.attrs) if (a.name.toLowerCase() === want) return a;
  return null;
}
