// Where one datasource's parts sit in deployment.toml (the layout datasource.ts measures and the editor inserts by),
// and how an entry a rule hands back is matched to the located ones.
import type { LocatedEntry, Span } from '../../model/types';
import type { TomlValueKind } from './syntax';

/** One line of the file, located. */
export interface TomlLineRef {
  lineStart: number;
  /** Before the line break. */
  lineEnd: number;
  /** After the line break (= lineEnd on a last line without one). */
  nextLineStart: number;
  /** The line's leading whitespace. */
  indent: string;
}

/** Where the parts of one datasource sit in the file: what the editor needs to insert in the right place. */
export interface TomlDatasourceLayout {
  eol: string;
  /** The table name as written in its header (`database.apim_db`, `datasource`), for a new `[….pool_options]`. */
  tablePath: string;
  /** `[database.X]` / `[[datasource]]` header line, if the datasource has one. */
  mainHeader: TomlLineRef | null;
  /** Last key line of the main table (or, without a header, of the datasource's dotted keys). */
  mainLast: TomlLineRef | null;
  /** Key prefix for a datasource written without a header (`database.apim_db.`), else ''. */
  keyPrefix: string;
  /** `[database.X.pool_options]` table: header line and last key line. */
  poolTable: { header: TomlLineRef; last: TomlLineRef | null } | null;
  /** `pool_options = { … }`: the braces and the end of the last pair inside. */
  poolInline: { span: Span; lastEntryEnd: number | null } | null;
  /** Dotted `pool_options.k = v` lines: the last one and the prefix as written (`pool_options.`). */
  poolDotted: { last: TomlLineRef; prefix: string } | null;
  /** Every entry directly in [database.X] (incl. url/username/…), and every pool_options entry. */
  topEntries: LocatedEntry[];
  poolEntries: LocatedEntry[];
  /** The TOML token kind of an entry's value (decides escaping inside strings; only fixes ask). */
  kindOf(entry: LocatedEntry): TomlValueKind | undefined;
}

/** Entries are matched by identity, or by position when a caller passes a copy. */
export function sameEntry(a: LocatedEntry, b: LocatedEntry): boolean {
  return a === b || (a.entrySpan.start === b.entrySpan.start && a.keySpan.start === b.keySpan.start && a.valueSpan.end === b.valueSpan.end);
}

export function findEntry(list: readonly LocatedEntry[], entry: LocatedEntry): LocatedEntry | undefined {
  return list.find((e) => e === entry) ?? list.find((e) => sameEntry(e, entry));
}
