/**
 * Generic queries over the syntax tree: children of any node, the path of nodes
 * covering an offset, and a statement walk that knows the enclosing block and
 * the loop variables in scope. Generic (property-driven) so that new AST node
 * kinds are found without touching this file.
 */
import { Span } from '../common/span';
import { Block, BlockItem, ForEachStmt, SourceFile, Stmt, TopItem } from '../syntax/ast';

export interface AnyNode {
  kind: string;
  span: Span;
}

function isNode(x: unknown): x is AnyNode {
  return !!x && typeof x === 'object' && typeof (x as AnyNode).kind === 'string' && typeof (x as AnyNode).span === 'object';
}

/** Direct AST children, in source order (objects without `kind`, such as expect bodies, are looked through). */
export function children(n: object): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth);
      return;
    }
    if (isNode(v)) {
      out.push(v);
      return;
    }
    for (const x of Object.values(v)) visit(x, depth + 1);
  };
  for (const [k, v] of Object.entries(n)) if (k !== 'span') visit(v, 0);
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** Nodes covering `offset`, outermost first (end-inclusive so a cursor right after a word finds it). */
export function pathAt(root: AnyNode, offset: number): AnyNode[] {
  const path: AnyNode[] = [root];
  let cur: AnyNode = root;
  for (;;) {
    const kids = (cur.kind === 'File' ? itemsAround(cur as SourceFile, offset) : children(cur)).filter((c) => offset >= c.span.start && offset <= c.span.end);
    // prefer the innermost non-empty child that strictly contains the offset, else one ending at it
    const next = kids.find((c) => offset < c.span.end) ?? kids[kids.length - 1];
    if (!next) return path;
    path.push(next);
    cur = next;
  }
}

/**
 * The top-level items that may cover `offset` (binary search: items are in source order and
 * do not overlap), so a query on a 60,000-line file does not list and sort every item.
 */
function itemsAround(file: SourceFile, offset: number): AnyNode[] {
  const items = file.items;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  // items ending at or after the offset, from the first; an item may end exactly where the next starts
  const out: AnyNode[] = [];
  for (let i = lo; i < items.length && items[i].span.start <= offset; i++) out.push(items[i]);
  return out;
}

export function walkNodes(root: AnyNode, visit: (n: AnyNode, parent: AnyNode | undefined) => void, parent?: AnyNode): void {
  visit(root, parent);
  for (const c of children(root)) walkNodes(c, visit, root);
}

export interface StmtContext {
  block?: BlockItem;
  /** innermost first */
  loops: ForEachStmt[];
  /** the statement list the statement belongs to (for "previous statement") */
  depth: number;
}

/** Every statement (expects included), in file order, with its context. Top-level expects have no block. */
export function walkStatements(file: SourceFile, visit: (s: Stmt, ctx: StmtContext) => void): void {
  const inList = (stmts: Stmt[], ctx: StmtContext): void => {
    for (const s of stmts) inStmt(s, ctx);
  };
  const inBody = (body: Block | Stmt | undefined, ctx: StmtContext): void => {
    if (!body) return;
    if (body.kind === 'Block') inList(body.stmts, ctx);
    else inStmt(body, ctx);
  };
  const inStmt = (s: Stmt, ctx: StmtContext): void => {
    visit(s, ctx);
    if (s.kind === 'ForEach') inBody(s.body, { ...ctx, loops: [s, ...ctx.loops], depth: ctx.depth + 1 });
    else if (s.kind === 'Repeat' || s.kind === 'Scope') inBody(s.body, { ...ctx, depth: ctx.depth + 1 });
  };
  for (const item of file.items) {
    if (item.kind === 'Expect' || item.kind === 'Error') {
      visit(item, { loops: [], depth: 0 });
    } else if (isBlockItem(item)) {
      if (item.body) inList(item.body.stmts, { block: item, loops: [], depth: 1 });
    }
  }
}

export function isBlockItem(item: TopItem): item is BlockItem {
  return item.kind === 'TaskBlock' || item.kind === 'KernelBlock' || item.kind === 'DeviceBlock';
}

export function spanText(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}

export function contains(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}
