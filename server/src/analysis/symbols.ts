/** The document outline: declarations, blocks and, inside blocks, mappings/handles, loops and expectations. */
import { Span } from '../common/span';
import { Block, Stmt } from '../syntax/ast';
import { CALL_TABLE } from '../vocab/calls';
import { FeatureContext } from './context';

export type OutlineKind =
  | 'scenario'
  | 'design'
  | 'node'
  | 'distance'
  | 'swap'
  | 'cgroup'
  | 'sysctl'
  | 'param'
  | 'task'
  | 'kernel'
  | 'device'
  | 'mapping'
  | 'handle'
  | 'loop'
  | 'expect';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  span: Span;
  selection: Span;
  children?: OutlineSymbol[];
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0].trim();
}

export function documentSymbols(ctx: FeatureContext): OutlineSymbol[] {
  const text = ctx.stat.text;
  const src = (s: Span) => firstLine(text.slice(s.start, s.end));
  const out: OutlineSymbol[] = [];
  const stmts = (list: Stmt[] | undefined): OutlineSymbol[] => {
    const res: OutlineSymbol[] = [];
    for (const s of list ?? []) {
      if (s.kind === 'CallStmt' && s.assign) {
        const kind = CALL_TABLE.get(s.call.callee.name)?.returns === 'handle' ? 'handle' : 'mapping';
        res.push({ name: s.assign.name, detail: src(s.call.span), kind, span: s.span, selection: s.assign.span });
      } else if (s.kind === 'Scope') {
        res.push({ name: s.keyword.name, kind: 'loop', span: s.span, selection: s.keyword.span, children: stmts(s.body?.stmts) });
      } else if (s.kind === 'ForEach' || s.kind === 'Repeat') {
        const body = s.body && s.body.kind === 'Block' ? (s.body as Block).stmts : s.body ? [s.body as Stmt] : [];
        const head = s.kind === 'ForEach' ? s.macro : { span: s.keyword };
        res.push({ name: src(s.span).replace(/\s*\{.*$/, ''), kind: 'loop', span: s.span, selection: head.span, children: stmts(body) });
      } else if (s.kind === 'Expect') {
        res.push({ name: src(s.span), kind: 'expect', span: s.span, selection: s.keyword });
      }
    }
    return res;
  };
  for (const item of ctx.stat.parse.file.items) {
    switch (item.kind) {
      case 'Scenario':
        out.push({ name: item.title.kind === 'String' ? item.title.value : 'scenario', kind: 'scenario', span: item.span, selection: item.keyword });
        break;
      case 'Design':
        out.push({ name: `design ${item.name.kind === 'Ident' ? item.name.name : ''}`.trim(), kind: 'design', span: item.span, selection: item.keyword });
        break;
      case 'NodeDecl':
        out.push({ name: `node ${src(item.id.span)}`, detail: text.slice(item.nodeKind.span.start, item.span.end).replace(/\s+/g, ' ').trim(), kind: 'node', span: item.span, selection: item.id.span.end > item.id.span.start ? item.id.span : item.keyword });
        break;
      case 'Distance':
        out.push({ name: src(item.span), kind: 'distance', span: item.span, selection: item.keyword });
        break;
      case 'Swap':
        out.push({ name: src(item.span), kind: 'swap', span: item.span, selection: item.keyword });
        break;
      case 'Cgroup':
        out.push({ name: `cgroup ${item.name.kind === 'Ident' ? item.name.name : ''}`.trim(), detail: src(item.span), kind: 'cgroup', span: item.span, selection: item.name.span.end > item.name.span.start ? item.name.span : item.keyword });
        break;
      case 'Sysctl':
        out.push({ name: src(item.span).replace(/^sysctl\s+/, ''), kind: 'sysctl', span: item.span, selection: item.keyword });
        break;
      case 'Param':
        out.push({ name: `param ${item.name.kind === 'Ident' ? item.name.name : ''}`.trim(), detail: src(item.value.span), kind: 'param', span: item.span, selection: item.name.span.end > item.name.span.start ? item.name.span : item.keyword });
        break;
      case 'TaskBlock':
        out.push({ name: `task ${item.name.kind === 'Ident' ? item.name.name : ''}`.trim(), detail: src(item.header).replace(/^task\s+\S+\s*/, ''), kind: 'task', span: item.span, selection: item.name.span.end > item.name.span.start ? item.name.span : item.keyword, children: stmts(item.body?.stmts) });
        break;
      case 'KernelBlock':
        const head = item.driver ? `driver ${item.driver.kind === 'Ident' ? item.driver.name : ''}`.trim() : 'kernel';
        out.push({ name: item.label ? `${head} "${item.label.value}"` : head, kind: 'kernel', span: item.span, selection: item.keyword, children: stmts(item.body?.stmts) });
        break;
      case 'DeviceBlock':
        out.push({ name: `device ${src(item.node.span)}`, kind: 'device', span: item.span, selection: item.keyword, children: stmts(item.body?.stmts) });
        break;
      case 'Expect':
        out.push({ name: src(item.span), kind: 'expect', span: item.span, selection: item.keyword });
        break;
      default:
        break;
    }
  }
  return out;
}
