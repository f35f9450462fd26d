import { Arg, Block, CgroupDecl, DesignChoice, DesignDecl, DeviceBlock, DistanceDecl, Expr, KernelBlock, MissingExpr, NodeAttr, StringLit, NodeDecl, ParamDecl, SysctlDecl, TaskBlock, TopItem } from '../ast';
import { didYouMean } from '../suggest';
import { Cursor, TOP_KEYWORDS } from './cursor';
import { ident, missing, parsePrimary, parseValue } from './expressions';
import { parseBlock, parseExpect } from './statements';

/** Top-level items (language.md, file layout, §4, §5): declarations, blocks, top-level `expect`. */

/** Node attributes and how many values follow each (language.md, the machine). */
export const NODE_ATTRIBUTES = ['private', 'cpus', 'ops', 'caps', 'callbacks', 'media', 'ratio', 'watermarks', 'zone', 'tier', 'offline', 'device', 'boot_private'] as const;
const ATTRS = new Set<string>(NODE_ATTRIBUTES);

export function parseTopItem(c: Cursor): TopItem {
  const t = c.peek();
  const start = t.span.start;
  if (t.kind === 'ident' && !c.atPunct('=', 1) && !c.atPunct('(', 1)) {
    switch (t.text) {
      case 'scenario': {
        const keyword = c.next().span;
        const title = (c.atKind('string') ? parsePrimary(c) : missing(c)) as StringLit | MissingExpr;
        if (title.kind === 'Missing') c.error(keyword, `\`scenario\` needs a title string, as in \`scenario "my test"\`; found ${c.describe()}`);
        const end = c.endStatement('the scenario title');
        return { kind: 'Scenario', keyword, title, span: { start, end } };
      }
      case 'design':
        return parseDesign(c);
      case 'node':
        return parseNode(c);
      case 'distance': {
        const keyword = c.next().span;
        const a = required(c, 'the first node id of `distance A B D`');
        const b = required(c, 'the second node id of `distance A B D`');
        const distance = required(c, 'the distance of `distance A B D`');
        const end = c.endStatement('`distance A B D`');
        const d: DistanceDecl = { kind: 'Distance', keyword, a, b, distance, span: { start, end } };
        return d;
      }
      case 'swap': {
        const keyword = c.next().span;
        const size = required(c, 'the swap size, as in `swap 4G`');
        const end = c.endStatement('`swap SIZE`');
        return { kind: 'Swap', keyword, size, span: { start, end } };
      }
      case 'cgroup':
        return parseCgroup(c);
      case 'sysctl': {
        const keyword = c.next().span;
        const key = c.atKind('ident') ? ident(c.next()) : missing(c);
        if (key.kind === 'Missing') return c.errorNode(start, `\`sysctl\` needs a key, as in \`sysctl vm.demotion_enabled = 1\`; found ${c.describe()}`, c.peek().span);
        if (!c.eat('=')) return c.errorNode(start, `expected \`=\` after \`sysctl ${key.name}\`, found ${c.describe()}`, c.peek().span);
        const value = required(c, `the value of \`${key.name}\``);
        const end = c.endStatement('the sysctl value');
        const s: SysctlDecl = { kind: 'Sysctl', keyword, key, value, span: { start, end } };
        return s;
      }
      case 'param': {
        // `param NAME = VALUE` (the value's kind is checked where the name is used)
        const keyword = c.next().span;
        const name = c.atKind('ident') ? ident(c.next()) : missing(c);
        if (name.kind === 'Missing') return c.errorNode(start, `\`param\` needs a name, as in \`param pressure = 512M\`; found ${c.describe()}`, c.peek().span);
        if (!c.eat('=')) return c.errorNode(start, `expected \`=\` after \`param ${name.name}\`, found ${c.describe()}`, c.peek().span);
        const value = required(c, `the value of \`${name.name}\` (a number, size, ratio or percentage)`);
        const end = c.endStatement('the param value');
        const d: ParamDecl = { kind: 'Param', keyword, name, value, span: { start, end } };
        return d;
      }
      case 'task':
        return parseTask(c);
      case 'kernel': {
        const keyword = c.next().span;
        const label = c.atKind('string') ? (parsePrimary(c) as KernelBlock['label']) : undefined;
        const header = c.spanFrom(start);
        const body = blockAfterHeader(c, 'kernel block');
        const k: KernelBlock = { kind: 'KernelBlock', keyword, label, body, header, span: c.spanFrom(start) };
        c.endStatement('the kernel block');
        return k;
      }
      case 'driver': {
        // `driver NAME ["label"] { ... }`: a kernel block run by the driver of device NAME
        const keyword = c.next().span;
        const driver = c.atKind('ident') ? ident(c.next()) : missing(c);
        if (driver.kind === 'Missing') c.error(keyword, `\`driver\` needs the device name its nodes declare, as in \`driver A { ... }\`; found ${c.describe()}`);
        const label = c.atKind('string') ? (parsePrimary(c) as KernelBlock['label']) : undefined;
        const header = c.spanFrom(start);
        const body = blockAfterHeader(c, 'driver block');
        const k: KernelBlock = { kind: 'KernelBlock', keyword, label, driver, body, header, span: c.spanFrom(start) };
        c.endStatement('the driver block');
        return k;
      }
      case 'device': {
        const keyword = c.next().span;
        const node = c.atPunct('{') ? missing(c) : required(c, 'the node id of the device, as in `device 3 { ... }`');
        if (node.kind === 'Missing' && c.atPunct('{')) c.error(keyword, '`device` needs the node id of the CXL device, as in `device 3 { ... }`');
        const header = c.spanFrom(start);
        const body = blockAfterHeader(c, 'device block');
        const d: DeviceBlock = { kind: 'DeviceBlock', keyword, node, body, header, span: c.spanFrom(start) };
        c.endStatement('the device block');
        return d;
      }
      case 'expect':
        return parseExpect(c);
    }
  }
  if (t.kind === 'ident' && (c.atPunct('(', 1) || c.atPunct('=', 1) || c.atPunct('[', 1))) {
    return c.errorNode(start, `\`${t.text}\`: statements belong inside a \`task NAME { }\`, \`kernel { }\` or \`device NODE { }\` block`, t.span);
  }
  if (t.kind === 'punct' && t.text === '}') {
    c.next();
    const span = t.span;
    c.error(span, 'unmatched `}`: no block is open here');
    return { kind: 'Error', text: '}', message: 'unmatched `}`', span };
  }
  const hint = t.kind === 'ident' ? didYouMean(t.text, [...TOP_KEYWORDS, 'expect']) : { text: '' };
  return c.errorNode(
    start,
    `expected a declaration (scenario, design, node, distance, swap, cgroup, sysctl, param), a block (task, kernel, driver, device) or \`expect\`; found ${c.describe()}${hint.text}`,
    t.span,
    hint.suggestion ? { suggestion: hint.suggestion } : undefined,
  );
}

/** An operand that must be there; reports and returns Missing otherwise. */
function required(c: Cursor, what: string): Expr {
  const e = parsePrimary(c);
  if (e.kind === 'Missing') c.error(c.peek().span, `expected ${what}; found ${c.describe()}`);
  return e;
}

/**
 * The `{` of a block header. A missing `{` is reported and the following lines
 * are taken as the body up to a stray `}` or the next top-level line.
 */
function blockAfterHeader(c: Cursor, what: string): Block {
  const beforeNl = c.pos;
  if (!c.atPunct('{')) {
    c.skipNewlines(); // allow the brace on the next line
    if (!c.atPunct('{')) {
      c.pos = beforeNl;
      c.error(c.peek().span, `expected \`{\` to open the ${what}, found ${c.describe()}`);
      c.skipStatement();
      return parseBlock(c, what, true);
    }
  }
  return parseBlock(c, what);
}

function parseNode(c: Cursor): NodeDecl {
  const start = c.here();
  const keyword = c.next().span;
  const id = required(c, 'a node id, as in `node 2 cxl 1G`');
  const nodeKind = c.atKind('ident') && !ATTRS.has(c.peek().text) ? ident(c.next()) : missing(c);
  if (nodeKind.kind === 'Missing') c.error(c.peek().span, `expected the node kind (dram, hbm, cxl, cram, accel, nic); found ${c.describe()}`);
  const size = required(c, 'the node size, as in `4G` (0 for a memoryless node)');
  const attrs: NodeAttr[] = [];
  while (!c.atStatementEnd()) {
    const t = c.peek();
    if (t.kind !== 'ident' || !ATTRS.has(t.text)) {
      const hint = t.kind === 'ident' ? didYouMean(t.text, NODE_ATTRIBUTES) : { text: '' };
      c.error(t.span, `unexpected ${c.describe()} in a node declaration${hint.text || `; attributes are ${NODE_ATTRIBUTES.join(', ')}`}`, hint.suggestion ? { suggestion: hint.suggestion } : undefined);
      c.next();
      // skip to the next attribute name on this line
      while (!c.atStatementEnd() && !(c.atKind('ident') && ATTRS.has(c.peek().text))) c.next();
      continue;
    }
    attrs.push(parseNodeAttr(c));
  }
  const end = c.endStatement('the node declaration');
  return { kind: 'NodeDecl', keyword, id, nodeKind, size, attrs, span: { start, end } };
}

function parseNodeAttr(c: Cursor): NodeAttr {
  const start = c.here();
  const name = ident(c.next());
  const args: Arg[] = [];
  const positional = (e: Expr) => args.push({ kind: 'Arg', value: e, span: e.span });
  switch (name.name) {
    case 'private':
    case 'offline':
    case 'boot_private':
      break;
    case 'ops':
    case 'caps': {
      const v = parseValue(c);
      if (v.kind === 'Missing')
        c.error(
          c.peek().span,
          name.name === 'ops'
            ? `expected NP_OPS flags after \`ops\`, as in \`ops MIGRATION | MEMPOLICY\`; found ${c.describe()}`
            : `expected capabilities after \`caps\`, as in \`caps RECLAIM | USER_NUMA\`; found ${c.describe()}`,
        );
      else positional(v);
      break;
    }
    case 'callbacks':
      for (;;) {
        if (c.atKind('ident') && !ATTRS.has(c.peek().text)) positional(ident(c.next()));
        else {
          c.error(c.peek().span, `expected a callback name (free_folio, folio_split, migrate_to, folio_migrate, handle_fault, reclaim_policy, memory_failure); found ${c.describe()}`);
          break;
        }
        if (!c.eat(',')) break;
        c.skipNewlines(); // a line ending in `,` continues
      }
      break;
    case 'watermarks':
      while (c.atKind('ident') && c.atPunct('=', 1)) {
        const argStart = c.here();
        const key = ident(c.next());
        c.next();
        const value = required(c, `a percentage for \`${key.name}=\``);
        args.push({ kind: 'Arg', name: key, value, span: c.spanFrom(argStart) });
      }
      if (args.length === 0) c.error(name.span, '`watermarks` needs `low=P high=P`, as in `watermarks low=10% high=25%`');
      break;
    case 'cpus': {
      const v = parseIdList(c);
      if (v.kind === 'Missing') c.error(c.peek().span, `expected a CPU list after \`cpus\`, as in \`cpus 0-7\`; found ${c.describe()}`);
      else positional(v);
      break;
    }
    default: {
      const v = parsePrimary(c);
      if (v.kind === 'Missing') c.error(c.peek().span, `expected a value after \`${name.name}\`; found ${c.describe()}`);
      else positional(v);
    }
  }
  return { kind: 'NodeAttr', name, args, span: c.spanFrom(start) };
}

/**
 * An id list: `0-3`, `{0, 2-3}`, or the kernel's cpulist/nodelist format
 * `0-3,8-11` (as in /sys and cpuset files), which becomes a Set.
 */
function parseIdList(c: Cursor): Expr {
  const first = parsePrimary(c);
  if (first.kind === 'Missing' || first.kind === 'Set' || !c.atPunct(',')) return first;
  const elements: Expr[] = [first];
  while (c.atPunct(',') && (isNumber(c, 1) || (c.atKind('newline', 1) && isNumber(c, 2)))) {
    c.next();
    c.skipNewlines();
    elements.push(parsePrimary(c));
  }
  return { kind: 'Set', elements, span: { start: first.span.start, end: c.lastEnd } };
}

function isNumber(c: Cursor, k: number): boolean {
  const t = c.peek(k);
  return t.kind === 'int' || t.kind === 'badNumber';
}

function parseCgroup(c: Cursor): CgroupDecl {
  const start = c.here();
  const keyword = c.next().span;
  const name = c.atKind('ident') ? ident(c.next()) : missing(c);
  if (name.kind === 'Missing') c.error(keyword, `\`cgroup\` needs a name, as in \`cgroup web mems 0-1\`; found ${c.describe()}`);
  const decl: CgroupDecl = { kind: 'Cgroup', keyword, name, span: { start, end: start } };
  while (c.at('mems') || c.at('sysram')) {
    const which = c.next();
    const set = parseIdList(c);
    if (set.kind === 'Missing') c.error(c.peek().span, `expected a node set after \`${which.text}\`; found ${c.describe()}`);
    decl[which.text as 'mems' | 'sysram'] = { keyword: which.span, set };
  }
  if (!decl.mems) c.error(c.peek().span, `expected \`mems SET\` in the cgroup declaration, found ${c.describe()}`);
  decl.span = { start, end: c.endStatement('the cgroup declaration') };
  return decl;
}

function parseTask(c: Cursor): TaskBlock {
  const start = c.here();
  const keyword = c.next().span;
  const name = c.atKind('ident') ? ident(c.next()) : missing(c);
  if (name.kind === 'Missing') c.error(keyword, `\`task\` needs a name, as in \`task app cpu 0 { ... }\`; found ${c.describe()}`);
  const task: TaskBlock = { kind: 'TaskBlock', keyword, name, body: undefined, header: keyword, span: keyword };
  while (c.at('cpu') || c.at('cgroup')) {
    const kw = c.next();
    if (kw.text === 'cpu') task.cpu = { keyword: kw.span, value: required(c, 'a CPU number after `cpu`') };
    else {
      const cg = c.atKind('ident') ? ident(c.next()) : missing(c);
      if (cg.kind === 'Missing') c.error(kw.span, `expected a cgroup name after \`cgroup\`, found ${c.describe()}`);
      task.cgroup = { keyword: kw.span, name: cg };
    }
  }
  task.header = c.spanFrom(start);
  task.body = blockAfterHeader(c, 'task block');
  task.span = c.spanFrom(start);
  c.endStatement('the task block');
  return task;
}

/**
 * `design NAME` (pick), or `design NAME [extends BASE] { CHOICE VALUE[, VALUE] ... }` (declare):
 * one choice per line; a value is an identifier or flags joined with `|`.
 */
function parseDesign(c: Cursor): DesignDecl {
  const start = c.here();
  const keyword = c.next().span;
  const name = c.atKind('ident') && !c.at('extends') ? ident(c.next()) : missing(c);
  if (name.kind === 'Missing') c.error(keyword, `\`design\` needs a design name such as \`private_v4\`; found ${c.describe()}`);
  const d: DesignDecl = { kind: 'Design', keyword, name, span: { start, end: start } };
  if (c.at('extends')) {
    const kw = c.next().span;
    const base = c.atKind('ident') ? ident(c.next()) : missing(c);
    if (base.kind === 'Missing') c.error(kw, `\`extends\` needs the name of the design to start from, as in \`extends private_v4\`; found ${c.describe()}`);
    d.extends = { keyword: kw, base };
    if (!c.atPunct('{')) c.error(c.peek().span, `expected \`{\` to open the choices of design \`${name.kind === 'Ident' ? name.name : ''}\`, found ${c.describe()}`);
  }
  if (c.atPunct('{')) {
    d.body = parseDesignBody(c);
    d.span = c.spanFrom(start);
    c.endStatement('the design declaration');
    return d;
  }
  d.span = { start, end: c.endStatement('the design name') };
  return d;
}

function parseDesignBody(c: Cursor): DesignDecl['body'] {
  const start = c.here();
  c.next(); // {
  const choices: DesignChoice[] = [];
  for (;;) {
    while (c.atKind('newline') || c.atPunct(';')) c.next();
    if (c.atPunct('}')) {
      const close = c.next().span;
      return { kind: 'DesignBody', choices, close, span: c.spanFrom(start) };
    }
    if (c.atKind('eof') || c.atTopLevelLine()) {
      c.error({ start, end: start + 1 }, 'this `{` of a design declaration is never closed: expected `}`');
      return { kind: 'DesignBody', choices, span: { start, end: c.lastEnd } };
    }
    if (!c.atKind('ident')) {
      const s = c.here();
      const what = c.describe();
      c.skipStatement();
      c.error(c.spanFrom(s), `expected a design choice (a name such as \`gate\` followed by its value), found ${what}`);
      continue;
    }
    const cs = c.here();
    const name = ident(c.next());
    const values: Expr[] = [];
    while (!c.atStatementEnd() && !c.at('inferred')) {
      const v = parseValue(c);
      if (v.kind === 'Missing') {
        const s = c.here();
        const what = c.describe();
        c.skipStatement();
        c.error(c.spanFrom(s), `unexpected ${what} in the value of \`${name.name}\``);
        break;
      }
      values.push(v);
      if (!c.eat(',')) break;
      c.skipNewlines(); // a line ending in `,` continues
    }
    if (values.length === 0) c.error(name.span, `\`${name.name}\` needs a value`);
    const inferred = c.at('inferred') ? c.next().span : undefined;
    choices.push({ kind: 'DesignChoice', name, values, ...(inferred ? { inferred } : {}), span: c.spanFrom(cs) });
    if (!c.atStatementEnd()) {
      const s = c.here();
      const what = c.describe();
      c.skipStatement();
      c.error(c.spanFrom(s), `unexpected ${what} after the value of \`${name.name}\`; one choice per line`);
    }
  }
}
