import { Diagnostic } from '../../server/src/common/diagnostics';
import { LineIndex, Span } from '../../server/src/common/span';
import * as ir from '../../server/src/model/ir';
import { absoluteItem } from '../../server/src/model/blockSpans';
import * as ast from '../../server/src/syntax/ast';

/**
 * Compact, readable summaries of the syntax tree, the IR and the diagnostics
 * for golden files: one string per item/statement, prefixed by its line.
 */
export function summarizeDiagnostics(text: string, diags: Diagnostic[]) {
  const idx = new LineIndex(text);
  return diags.map((d) => {
    const s = idx.positionAt(d.span.start);
    const e = idx.positionAt(d.span.end);
    return { code: d.code, severity: d.severity, line: s.line + 1, col: s.character + 1, endLine: e.line + 1, endCol: e.character + 1, message: d.message };
  });
}

export function summarizeTree(text: string, file: ast.SourceFile): string[] {
  const idx = new LineIndex(text);
  const at = (s: Span) => `L${idx.positionAt(s.start).line + 1}`;
  const out: string[] = [];
  const stmt = (s: ast.Stmt, depth: number) => {
    const pad = '  '.repeat(depth);
    switch (s.kind) {
      case 'CallStmt':
        out.push(`${pad}${at(s.span)} Call ${s.assign ? s.assign.name + ' = ' : ''}${s.call.callee.name}/${s.call.args.length}${s.call.closed ? '' : ' (unclosed)'}`);
        break;
      case 'ForEach':
        out.push(`${pad}${at(s.span)} ForEach ${s.macro.name}`);
        if (s.body) (s.body.kind === 'Block' ? s.body.stmts : [s.body]).forEach((b) => stmt(b, depth + 1));
        break;
      case 'Repeat':
        out.push(`${pad}${at(s.span)} Repeat`);
        s.body?.stmts.forEach((b) => stmt(b, depth + 1));
        break;
      case 'Expect':
        out.push(`${pad}${at(s.span)} Expect ${s.body.form}${s.under ? ' under ' + s.under.designs.map((d) => d.name).join(',') : ''}`);
        break;
      case 'PokeStmt':
        out.push(`${pad}${at(s.span)} Poke ${s.target.base.name}`);
        break;
      case 'Error':
        out.push(`${pad}${at(s.span)} Error ${JSON.stringify(s.text.length > 40 ? s.text.slice(0, 40) + '…' : s.text)}`);
        break;
    }
  };
  for (const item of file.items) {
    switch (item.kind) {
      case 'TaskBlock':
      case 'KernelBlock':
      case 'DeviceBlock':
        out.push(`${at(item.span)} ${item.kind}${item.body?.close ? '' : ' (unclosed)'}`);
        item.body?.stmts.forEach((s) => stmt(s, 1));
        break;
      case 'NodeDecl':
        out.push(`${at(item.span)} NodeDecl attrs=${item.attrs.map((a) => a.name.name).join(',')}`);
        break;
      case 'Expect':
      case 'Error':
        stmt(item, 0);
        break;
      default:
        out.push(`${at(item.span)} ${item.kind}`);
    }
  }
  return out;
}

function nodeRef(r: ir.NodeRef): string {
  return 'const' in r ? String(r.const) : `$${r.var}`;
}
function nodeSet(s?: ir.NodeSet): string {
  return s ? `{${s.nodes.map(nodeRef).join(',')}}` : '-';
}
function range(r: ir.RangeRef): string {
  const sel = r.sel;
  const scope = r.scope ? `${r.scope}.` : '';
  switch (sel.kind) {
    case 'whole':
      return `${scope}${r.name}`;
    case 'page':
      return `${scope}${r.name}[${sel.offset}]`;
    case 'bytes':
      return `${scope}${r.name}[${sel.start}:${sel.end}]`;
    case 'percent':
      return `${scope}${r.name}[${sel.start * 100}%:${sel.end * 100}%]`;
  }
}

/** The call with its fields in a stable, compact form: `mbind range=a mode=2 ...`. */
export function callText(c: ir.Call): string {
  const parts: string[] = [c.op];
  for (const [k, v] of Object.entries(c)) {
    if (k === 'op') continue;
    let s: string;
    if (v && typeof v === 'object' && 'sel' in v) s = range(v as ir.RangeRef);
    else if (v && typeof v === 'object' && 'nodes' in v) s = nodeSet(v as ir.NodeSet);
    else if (v && typeof v === 'object' && ('const' in v || 'var' in v)) s = nodeRef(v as ir.NodeRef);
    else s = JSON.stringify(v);
    parts.push(`${k}=${s}`);
  }
  return parts.join(' ');
}

function metricText(m: ir.Metric): string {
  if (m.name === 'pages') return `pages(${range(m.target)}, ${nodeRef(m.node)})`;
  if (m.name === 'stat') return `stat(${m.stat})`;
  if (m.name === 'status') return `status(${range(m.target)}, ${'errno' in m.status ? m.status.errno : nodeRef(m.status.node)})`;
  return `${m.name}(${nodeRef(m.node)})`;
}

function expectText(e: ir.ExpectStmt): string {
  const x = e.expectation;
  let s: string;
  switch (x.form) {
    case 'error':
      s = `error ${x.errno}`;
      break;
    case 'leak':
      s = x.negated ? 'no leak' : 'leak';
      break;
    case 'diagnostic':
      s = `diagnostic ${x.code}`;
      break;
    case 'metric':
      s = `${metricText(x.metric)} ${x.op} ${x.value} ${x.unit}`;
      break;
    default:
      s = x.form;
  }
  return `expect ${s}${e.under ? ' under ' + e.under.join(',') : ''}`;
}

export function summarizeProgram(text: string, p: ir.Program): { machine: string[]; items: string[] } {
  const idx = new LineIndex(text);
  const at = (s: Span) => `L${idx.positionAt(s.start).line + 1}`;
  const machine: string[] = [];
  if (p.title !== undefined) machine.push(`title ${JSON.stringify(p.title)}`);
  if (p.design) machine.push(`design ${p.design.name}`);
  for (const n of p.machine.nodes) {
    const extra: string[] = [];
    if (n.private) extra.push('private');
    if (n.cpus.length) extra.push(`cpus=${n.cpus.join(',')}`);
    if (n.ops !== undefined) extra.push(`ops=0x${n.ops.toString(16)}`);
    if (n.callbacks) extra.push(`callbacks=${n.callbacks.join(',')}`);
    if (n.mediaBytes !== undefined) extra.push(`media=${n.mediaBytes}`);
    if (n.ratio !== undefined) extra.push(`ratio=${n.ratio}`);
    if (n.watermarks) extra.push(`wm=${n.watermarks.low}/${n.watermarks.high}`);
    if (n.zone !== 'normal') extra.push(`zone=${n.zone}`);
    if (n.tier !== undefined) extra.push(`tier=${n.tier}`);
    if (n.offline) extra.push('offline');
    if (n.opsRejected) extra.push('opsRejected');
    machine.push(`node ${n.id} ${n.kind} ${n.sizeBytes} ${extra.join(' ')}`.trim());
  }
  for (const d of p.machine.distances) machine.push(`distance ${d.a} ${d.b} ${d.distance}`);
  if (p.machine.swapBytes) machine.push(`swap ${p.machine.swapBytes}`);
  for (const c of p.machine.cgroups) machine.push(`cgroup ${c.name} mems=${c.mems.join(',')}${c.sysram ? ' sysram=' + c.sysram.join(',') : ''}`);
  for (const s of p.machine.sysctls) machine.push(`sysctl ${s.key}=${s.value}${s.percent ? ' (percent)' : ''}`);

  const items: string[] = [];
  const stmt = (s: ir.Stmt, depth: number) => {
    const pad = '  '.repeat(depth);
    switch (s.kind) {
      case 'call':
        items.push(`${pad}${at(s.span)} ${s.assign ? s.assign.name + ' = ' : ''}${callText(s.call)}`);
        break;
      case 'for_each':
        items.push(`${pad}${at(s.span)} for_each ${s.iter}${s.state ? ' ' + s.state : ''} ${s.var}`);
        s.body.forEach((b) => stmt(b, depth + 1));
        break;
      case 'repeat':
        items.push(`${pad}${at(s.span)} repeat ${s.count}`);
        s.body.forEach((b) => stmt(b, depth + 1));
        break;
      case 'expect':
        items.push(`${pad}${at(s.span)} ${expectText(s)}${s.subject ? ` (after ${at(s.subject)})` : ''}`);
        break;
      case 'error':
        items.push(`${pad}${at(s.span)} <error${s.cause ? ' ' + s.cause : ''}>`);
        break;
    }
  };
  // the positions as the source has them (a block an edit moved keeps its body's as lowered)
  for (const it of p.items.map(absoluteItem)) {
    switch (it.kind) {
      case 'task':
        items.push(`${at(it.span)} task ${it.name}${it.cpu !== undefined ? ' cpu ' + it.cpu : ''}${it.cgroup ? ' cgroup ' + it.cgroup : ''}`);
        it.body.forEach((s) => stmt(s, 1));
        break;
      case 'kernel':
        items.push(`${at(it.span)} kernel${it.label ? ' ' + JSON.stringify(it.label) : ''}`);
        it.body.forEach((s) => stmt(s, 1));
        break;
      case 'device':
        items.push(`${at(it.span)} device ${it.node}`);
        it.body.forEach((s) => stmt(s, 1));
        break;
      default:
        stmt(it, 0);
    }
  }
  return { machine, items };
}
