// TOML's definition rules, checked while scanning a plain file (strict mode) so a valid file needs no second
// parser: every key and table is defined once; a [table] header may define a table only implicitly created
// before; dotted keys may extend only the tables that dotted keys created; values, static arrays and inline
// tables are sealed; [[array]] headers append to arrays of tables only.
type Kind =
  | 'implicit' // created as the parent of a header (`a` of `[a.b]`): a later `[a]` may still define it, once
  | 'explicit' // defined by its own `[header]` (or an `[[array]]` element)
  | 'dotted' // created by a dotted key (`a.b = 1` creates `a`)
  | 'array-of-tables'
  | 'value'; // scalar, array or inline table

interface Node {
  kind: Kind;
  children: Map<string, Node> | null;
  /** Arrays of tables: the element that headers and keys now refer to. */
  last: Node | null;
}

const VALUE: Node = { kind: 'value', children: null, last: null };
const table = (kind: Kind): Node => ({ kind, children: new Map(), last: null });

function what(n: Node): string {
  switch (n.kind) {
    case 'value':
      return 'a value';
    case 'array-of-tables':
      return 'an array of tables';
    case 'dotted':
      return 'a table made by dotted keys';
    default:
      return 'a table with its own [header]';
  }
}

const show = (names: readonly string[], upTo: number) => names.slice(0, upTo + 1).join('.');

/** The tables and keys defined so far in one document (or one inline table). */
export class Definitions {
  private readonly root: Node = table('explicit');
  private current: Node = this.root;

  /** `[a.b]` or `[[a.b]]` (its first `count` names): an error message, or null when the header is allowed here. */
  header(names: readonly string[], count: number, array: boolean): string | null {
    let t = this.root;
    const lastIndex = count - 1;
    for (let i = 0; i < lastIndex; i++) {
      let c = t.children!.get(names[i]);
      if (!c) t.children!.set(names[i], (c = table('implicit')));
      else if (c.kind === 'array-of-tables') c = c.last!;
      else if (c.kind === 'value') return `"${show(names, i)}" is already defined as a value, not a table`;
      t = c;
    }
    const k = names[lastIndex];
    const c = t.children!.get(k);
    const name = show(names, lastIndex);
    if (array) {
      let arr = c;
      if (!arr) t.children!.set(k, (arr = { kind: 'array-of-tables', children: null, last: null }));
      else if (arr.kind !== 'array-of-tables') return `[[${name}]] cannot append to "${name}": it is already ${what(arr)}`;
      this.current = arr.last = table('explicit');
      return null;
    }
    if (!c) t.children!.set(k, (this.current = table('explicit')));
    else if (c.kind === 'implicit') {
      c.kind = 'explicit';
      this.current = c;
    } else
      return c.kind === 'explicit' ? `table [${name}] is defined twice` : `[${name}] cannot define "${name}": it is already ${what(c)}`;
    return null;
  }

  /** `a.b.c = v` (its first `count` names) in the current table: an error message, or null. */
  key(names: readonly string[], count: number): string | null {
    let t = this.current;
    const lastIndex = count - 1;
    for (let i = 0; i < lastIndex; i++) {
      let c = t.children!.get(names[i]);
      if (!c) t.children!.set(names[i], (c = table('dotted')));
      else if (c.kind !== 'dotted') return `dotted key cannot add to "${show(names, i)}": it is already ${what(c)}`;
      t = c;
    }
    const k = names[lastIndex];
    if (t.children!.has(k)) return `duplicate key "${show(names, lastIndex)}": it is already defined in this table`;
    t.children!.set(k, VALUE);
    return null;
  }
}
