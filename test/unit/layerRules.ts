/**
 * The layer rules of docs/adr/0001-layering.md as a checker over a module graph, so that
 * layers.test.ts can run it on the real tree and on small synthetic graphs (to show that it
 * does fail). Paths are repository-relative with '/' separators.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export interface ImportEdge {
  /** repository-relative target file */
  to: string;
  /** the names imported ('*' for a namespace or side-effect import) */
  names: string[];
}

export interface Module {
  imports: ImportEdge[];
  text: string;
}

export type ModuleGraph = Map<string, Module>;

/** server/src layers, bottom first: a file may import its own layer and the ones below */
export const LAYERS: { name: string; rank: number; dir: string }[] = [
  { name: 'common', rank: 0, dir: 'server/src/common/' },
  { name: 'vocab', rank: 1, dir: 'server/src/vocab/' },
  { name: 'syntax', rank: 2, dir: 'server/src/syntax/' },
  { name: 'model', rank: 3, dir: 'server/src/model/' },
  { name: 'mm', rank: 4, dir: 'server/src/mm/' },
  { name: 'run', rank: 5, dir: 'server/src/run/' },
  { name: 'analysis', rank: 6, dir: 'server/src/analysis/' },
  { name: 'webview', rank: 7, dir: 'server/src/webview/' },
  { name: 'oracle', rank: 7, dir: 'server/src/oracle/' },
  { name: 'lsp', rank: 8, dir: 'server/src/lsp/' },
  { name: 'cli', rank: 9, dir: 'server/src/cli/' },
  { name: 'clientApi', rank: 9, dir: 'server/src/clientApi.ts' },
];

export function layerOf(file: string): { name: string; rank: number } | undefined {
  return LAYERS.find((l) => file.startsWith(l.dir));
}

/** every import of a server/src file that goes up (or sideways into another layer of the same rank) */
export function upwardImports(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [file, mod] of graph) {
    const from = layerOf(file);
    if (!from) continue;
    for (const e of mod.imports) {
      const to = layerOf(e.to);
      if (!to || to.name === from.name) continue;
      if (to.rank >= from.rank) out.push(`${file} (${from.name}) imports ${e.to} (${to.name})`);
    }
  }
  return out.sort();
}

/** the client may take from server/src only through server/src/clientApi.ts */
export function clientReaches(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [file, mod] of graph) {
    if (!file.startsWith('client/')) continue;
    for (const e of mod.imports) if (e.to.startsWith('server/') && e.to !== 'server/src/clientApi.ts') out.push(`${file} imports ${e.to}`);
  }
  return out.sort();
}

/** strongly connected components of more than one file (Tarjan) */
export function cycles(graph: ModuleGraph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const e of graph.get(v)?.imports ?? []) {
      const w = e.to;
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** the cycles that are not exactly the named one */
export function unnamedCycles(graph: ModuleGraph, named: readonly string[]): string[] {
  const want = [...named].sort().join(' ');
  return cycles(graph)
    .map((c) => c.join(' '))
    .filter((c) => c !== want);
}

/** `from -> to: names` for every import between two members of the named cycle */
export function cycleEdges(graph: ModuleGraph, members: readonly string[]): string[] {
  const out: string[] = [];
  for (const from of members) {
    for (const e of graph.get(from)?.imports ?? []) if (members.includes(e.to)) out.push(`${from} -> ${e.to}: ${[...e.names].sort().join(', ')}`);
  }
  return out.sort();
}

const KERNEL_FLAG = /^(GFP|GFP_COMPOSITE|GFP_FAULT|MPOL_MODE|MPOL_MF|MPOL_MODE_FLAG|MPOL_F_PRIVATE|__GFP_\w+|MPOL_\w+)$/;
const DESIGN_CHOICE = /^(opsApply|userMasks|privateState|services|nodeState|gate|unlock|variant)$/;

/**
 * run/ resolves names and turns mm/ results into outcomes: it does not branch on GFP or MPOL
 * flags or on the design. Flags any GFP/MPOL identifier in code (not in strings or comments)
 * and any `.design.<choice>` read, except where a run evaluates the user's own `under` filter.
 */
export function kernelConditionsInRun(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [file, mod] of graph) {
    if (!file.startsWith('server/src/run/')) continue;
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, mod.text);
    const toks: string[] = [];
    // braces opened inside `${...}` of template literals: a `}` closing one resumes the template
    const braces: ('block' | 'template')[] = [];
    for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
      if (k === ts.SyntaxKind.CloseBraceToken && braces.pop() === 'template') {
        k = scanner.reScanTemplateToken(false);
        if (k === ts.SyntaxKind.TemplateMiddle) braces.push('template');
      } else if (k === ts.SyntaxKind.OpenBraceToken) braces.push('block');
      else if (k === ts.SyntaxKind.TemplateHead) braces.push('template');
      toks.push(k === ts.SyntaxKind.Identifier || k === ts.SyntaxKind.DotToken ? scanner.getTokenText() : '');
    }
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (KERNEL_FLAG.test(t)) out.push(`${file}: ${t}`);
      if (t === 'design' && toks[i + 1] === '.' && DESIGN_CHOICE.test(toks[i + 2] ?? '')) {
        const line = lineAround(mod.text, toks, i);
        if (!/\bunder\b/.test(line)) out.push(`${file}: design.${toks[i + 2]}`);
      }
    }
  }
  return out;
}

// the source line of the i-th token is not kept by the token list: find it by counting occurrences
function lineAround(text: string, toks: string[], i: number): string {
  const nth = toks.slice(0, i + 1).filter((t) => t === 'design').length;
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf('design', at + 1);
  const a = text.lastIndexOf('\n', at) + 1;
  const b = text.indexOf('\n', at);
  return text.slice(a, b < 0 ? text.length : b);
}

// ───────────── the real tree

function walk(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveSpec(root: string, fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const abs = path.resolve(root, path.dirname(fromFile), spec);
  for (const c of [abs + '.ts', path.join(abs, 'index.ts'), abs]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return path.relative(root, c).split(path.sep).join('/');
  return undefined;
}

/** imported names per specifier, from the syntax tree (type-only imports count: layers are about knowledge) */
function importsOf(root: string, file: string, text: string): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: ImportEdge[] = [];
  const add = (spec: string, names: string[]) => {
    const to = resolveSpec(root, file, spec);
    if (to) out.push({ to, names });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const names: string[] = [];
      if (c?.name) names.push(c.name.text);
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.push((e.propertyName ?? e.name).text);
      if (!c || (c.namedBindings && ts.isNamespaceImport(c.namedBindings))) names.push('*');
      add(n.moduleSpecifier.text, names);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const names = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'];
      add(n.moduleSpecifier.text, names);
    } else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0]) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
      add(n.arguments[0].text, ['*']);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function loadGraph(root: string, dirs: string[]): ModuleGraph {
  const graph: ModuleGraph = new Map();
  for (const d of dirs) {
    for (const abs of walk(path.join(root, d), [])) {
      const file = path.relative(root, abs).split(path.sep).join('/');
      const text = fs.readFileSync(abs, 'utf8');
      graph.set(file, { text, imports: importsOf(root, file, text) });
    }
  }
  return graph;
}
