/**
 * Semantic tokens for what the TextMate grammar cannot tell apart: a node id
 * from a plain number, a mapping from a task or a cgroup, kernel flags from
 * other upper-case words, designs, calls, loop variables. Only standard LSP
 * token types are used so every theme colours them:
 *   node id -> namespace, mapping/handle -> variable, task -> class,
 *   cgroup -> type, loop variable -> parameter, flag (GFP/MPOL/MADV/NP_OPS) -> macro,
 *   errno -> enumMember, design -> enum, call -> function, callback -> method,
 *   sysctl key / vmstat name -> property, node kind / node attribute / keyword -> keyword / type.
 */
import { Span } from '../common/span';
import { FeatureContext } from './context';
import { symbolIndex } from './symbolIndex';
import { AnyNode, walkNodes } from './tree';
import { lookupVocab } from './vocabLookup';

export const SEMANTIC_TOKEN_TYPES = ['namespace', 'variable', 'class', 'type', 'parameter', 'macro', 'enumMember', 'enum', 'function', 'method', 'property', 'keyword', 'number'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'modification'] as const;
export type TokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type TokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticTokenData {
  span: Span;
  type: number;
  modifiers: number;
}

const T = (t: TokenType) => SEMANTIC_TOKEN_TYPES.indexOf(t);
const M = (...ms: TokenModifier[]) => ms.reduce((a, m) => a | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m)), 0);

export function semanticTokens(ctx: FeatureContext): SemanticTokenData[] {
  const file = ctx.stat.parse.file;
  const idx = symbolIndex(file);
  const out: SemanticTokenData[] = [];
  const taken = new Set<number>();
  const push = (span: Span, type: TokenType, mods = 0) => {
    if (taken.has(span.start) || span.end <= span.start) return;
    taken.add(span.start);
    out.push({ span, type: T(type), modifiers: mods });
  };
  // names first: they win over vocabulary look-alikes
  for (const sym of idx.symbols) {
    const type: TokenType =
      sym.kind === 'node' ? 'namespace' : sym.kind === 'task' ? 'class' : sym.kind === 'cgroup' ? 'type' : sym.kind === 'loopVar' ? 'parameter' : 'variable';
    for (const o of sym.occurrences) push(o.span, type, (o.isDecl ? M('declaration') : 0) | (sym.kind === 'handle' ? M('readonly') : 0));
  }
  const callees = new Set<number>();
  walkNodes(file as AnyNode, (n) => {
    if (n.kind === 'Call') callees.add((n as unknown as { callee: { span: Span } }).callee.span.start);
  });
  for (const t of ctx.stat.parse.tokens) {
    if (t.kind === 'int' && !taken.has(t.span.start)) continue; // plain numbers stay with the grammar
    if (t.kind !== 'ident' || taken.has(t.span.start)) continue;
    if (callees.has(t.span.start)) {
      push(t.span, 'function', M('defaultLibrary'));
      continue;
    }
    const hit = lookupVocab(t.text);
    if (!hit) continue;
    switch (hit.kind) {
      case 'gfp':
      case 'mpol':
      case 'madv':
      case 'npops':
      case 'cap':
        push(t.span, 'macro', M('defaultLibrary'));
        break;
      case 'errno':
        push(t.span, 'enumMember', M('defaultLibrary'));
        break;
      case 'design':
        push(t.span, 'enum');
        break;
      case 'callback':
        push(t.span, 'method');
        break;
      case 'sysctl':
      case 'vmstat':
        push(t.span, 'property', M('defaultLibrary'));
        break;
      case 'nodeKind':
        push(t.span, 'type', M('defaultLibrary'));
        break;
      case 'keyword':
      case 'nodeAttr':
      case 'nodeState':
        push(t.span, 'keyword');
        break;
      default:
        break;
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}
