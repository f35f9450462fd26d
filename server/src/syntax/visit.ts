import { covers } from '../common/span';
import { AstNode, SourceFile } from './ast';
import { Token } from './tokens';

/**
 * Generic traversal of the syntax tree, for the editor layer (hover, semantic
 * tokens, folding, outline): children in source order, a depth-first walk, and
 * the innermost node / token at an offset.
 */

/** Calls `cb` on each direct child of `node`, in source order. */
export function forEachChild(node: AstNode, cb: (child: AstNode) => void): void {
  const kids: AstNode[] = [];
  const add = (x: unknown) => {
    if (x && typeof x === 'object' && 'kind' in x && 'span' in x) kids.push(x as AstNode);
  };
  switch (node.kind) {
    case 'File':
      node.items.forEach(add);
      break;
    case 'Scenario':
      add(node.title);
      break;
    case 'Design':
      add(node.name);
      add(node.extends?.base);
      add(node.body);
      break;
    case 'DesignBody':
      node.choices.forEach(add);
      break;
    case 'DesignChoice':
      add(node.name);
      node.values.forEach(add);
      break;
    case 'NodeDecl':
      add(node.id);
      add(node.nodeKind);
      add(node.size);
      node.attrs.forEach(add);
      break;
    case 'NodeAttr':
      add(node.name);
      node.args.forEach(add);
      break;
    case 'Distance':
      add(node.a);
      add(node.b);
      add(node.distance);
      break;
    case 'Swap':
      add(node.size);
      break;
    case 'Cgroup':
      add(node.name);
      add(node.mems?.set);
      add(node.sysram?.set);
      break;
    case 'Sysctl':
      add(node.key);
      add(node.value);
      break;
    case 'Param':
      add(node.name);
      add(node.value);
      break;
    case 'TaskBlock':
      add(node.name);
      add(node.cpu?.value);
      add(node.cgroup?.name);
      add(node.body);
      break;
    case 'KernelBlock':
      add(node.driver);
      add(node.label);
      add(node.body);
      break;
    case 'DeviceBlock':
      add(node.node);
      add(node.body);
      break;
    case 'Block':
      node.stmts.forEach(add);
      break;
    case 'CallStmt':
      add(node.assign);
      add(node.call);
      break;
    case 'PokeStmt':
      add(node.target);
      add(node.value);
      break;
    case 'ForEach':
      add(node.macro);
      add(node.variable);
      add(node.state);
      add(node.body);
      break;
    case 'Repeat':
      add(node.count);
      add(node.body);
      break;
    case 'Scope':
      add(node.keyword);
      add(node.body);
      break;
    case 'Expect': {
      const b = node.body;
      if (b.form === 'error') add(b.errno);
      if (b.form === 'metric') {
        add(b.metric);
        add(b.value);
      }
      node.under?.designs.forEach(add);
      break;
    }
    case 'Call':
      add(node.callee);
      node.args.forEach(add);
      break;
    case 'Arg':
      add(node.name);
      add(node.value);
      break;
    case 'Flags':
      node.operands.forEach(add);
      break;
    case 'IdRange':
      add(node.from);
      add(node.to);
      break;
    case 'Set':
      node.elements.forEach(add);
      break;
    case 'Index':
      add(node.base);
      add(node.start);
      add(node.end);
      break;
  }
  kids.sort((a, b) => a.span.start - b.span.start).forEach(cb);
}

/** Depth-first, pre-order walk; return false from `cb` to skip a node's children. */
export function walk(node: AstNode, cb: (node: AstNode, parent: AstNode | undefined) => boolean | void, parent?: AstNode): void {
  if (cb(node, parent) === false) return;
  forEachChild(node, (c) => walk(c, cb, node));
}

/** The chain of nodes covering `offset`, outermost first (the file) to innermost last. */
export function pathAt(file: SourceFile, offset: number): AstNode[] {
  const path: AstNode[] = [file];
  let current: AstNode = file;
  for (;;) {
    let next: AstNode | undefined;
    forEachChild(current, (c) => {
      if (!next && covers(c.span, offset) && c.kind !== 'Missing') next = c;
    });
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

/** The innermost node covering `offset`. */
export function nodeAt(file: SourceFile, offset: number): AstNode {
  const p = pathAt(file, offset);
  return p[p.length - 1];
}

/** The token containing `offset` (binary search; a position between two tokens gives the later one). */
export function tokenAt(tokens: Token[], offset: number): Token {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return tokens[lo];
}
