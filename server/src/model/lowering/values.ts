import { Expr, Ident, NumberLit, ParamDecl } from '../../syntax/ast';
import * as ir from '../ir';
import { KERNEL_SCOPE, VarInfo } from '../scope';
import { didYouMean, LISTED } from '../suggest';
import { VocabEntry } from '../../vocab/entry';
import { GFP_TABLE } from '../../vocab/gfp';
import { MADV_TABLE } from '../../vocab/madv';
import { MPOL_MF, MPOL_MODE, MPOL_MODE_FLAG } from '../../vocab/mpol';
import { CALLBACKS, npOpsName, NP_OPS_TABLE } from '../../vocab/npops';
import { CAP_TABLE, capName } from '../../vocab/caps';
import { VMSTAT_NAMES, VMSTAT_TABLE } from '../../vocab/vmstat';
import { BlockContext, LowerContext } from './context';

/** bytes in a page: a page-granular size below it is almost surely a missing unit */
const PAGE_BYTES = 4096;

/**
 * Conversions from syntax expressions to IR values, one per argument kind.
 * Each reports its own `invalid-argument` / `unknown-flag` / `unknown-name`
 * diagnostic and returns undefined when the value cannot be used.
 */

const INT_SIZE: readonly NumberLit['numKind'][] = ['int', 'size'];
const INT: readonly NumberLit['numKind'][] = ['int'];
const INT_DECIMAL: readonly NumberLit['numKind'][] = ['int', 'decimal'];
const PERCENT: readonly NumberLit['numKind'][] = ['percent'];

export const MAX_NODE_ID = 1023;
export const MAX_ORDER = 10;

/** What an argument is, in words, for messages. */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return { int: 'the number', decimal: 'the decimal', size: 'the size', percent: 'the percentage' }[e.numKind] + ` \`${e.text}\``;
    case 'Ident':
      return `\`${e.name}\``;
    case 'String':
      return 'a string';
    case 'Flags':
      return 'a flag expression';
    case 'IdRange':
      return 'a range of ids';
    case 'Set':
      return 'a set';
    case 'Index':
      return `\`${e.base.name}[...]\``;
    case 'Call':
      return `\`${e.callee.name}(...)\``;
    case 'Missing':
      return 'nothing';
  }
}

/**
 * A flags argument written as a bare decimal number other than 0 (`2`), not as flag names:
 * most often a slip, like the `2` of `mbind(buf, MPOL_BIND, 0,2)` (an unbraced node list)
 * silently becoming MPOL_MF_MOVE. `0` (no flags) stays allowed, and so does a hex mask
 * (`0x400cc0`, raw bits copied on purpose from a trace), and numbers inside a flag
 * expression (`MPOL_MF_MOVE | 4`).
 */
export function bareFlagNumber(e: Expr): NumberLit | undefined {
  return e.kind === 'Number' && e.numKind === 'int' && e.value !== 0 && !/^0x/i.test(e.text) ? e : undefined;
}

/** `3` -> `A | B` when the single-bit flags of `names` make up exactly that value. */
export function decodeFlags(value: number, names: Iterable<[string, number]>): string | undefined {
  const parts: string[] = [];
  let left = value;
  for (const [name, bit] of names) {
    if (bit > 0 && (bit & (bit - 1)) === 0 && left & bit) {
      parts.push(name);
      left &= ~bit;
    }
  }
  return left === 0 && parts.length ? parts.join(' | ') : undefined;
}

/** A param whose value is not of the kind its use needs: `param-kind`, at the use, pointing at the declaration. */
export function reportParamKind(ctx: LowerContext, use: Expr, p: { value: NumberLit; decl: ParamDecl }, what: string): void {
  const name = use.kind === 'Ident' ? use.name : '';
  ctx.report('param-kind', use.span, `${what}: param \`${name}\` is ${describeExpr(p.value)}`, {
    related: [{ span: p.decl.span, message: `param \`${name}\` is declared here` }],
  });
}

export class Values {
  constructor(
    private readonly ctx: LowerContext,
    private readonly where: BlockContext,
  ) {}

  private bad(e: Expr, message: string): undefined {
    // a missing expression was already reported as a syntax error
    if (e.kind !== 'Missing') this.ctx.report('invalid-argument', e.span, message);
    return undefined;
  }

  /** Reports a bare-number flags argument (see bareFlagNumber); true when it did. */
  private bareFlags(e: Expr, family: string, named: string | undefined, example: string): boolean {
    const n = bareFlagNumber(e);
    if (!n) return false;
    const byName = named ? `name them (${n.text} = \`${named}\`)` : `name them, e.g. \`${example}\``;
    this.ctx.report('invalid-argument', n.span, `\`${n.text}\` is a bare number where ${family} flags go: ${byName}, or write raw bits in hex (\`0x${n.value.toString(16)}\`)`, {
      data: named ? { suggestion: named } : undefined,
    });
    return true;
  }

  /**
   * A number of one of `kinds` (a param's value counts): else reported as "WHAT WANT", a message
   * built only then (this runs for every size, count and offset of the file).
   */
  private number(e: Expr, what: string, want: string, kinds: readonly NumberLit['numKind'][]): NumberLit | undefined {
    const p = this.ctx.paramValue(e);
    if (p) {
      if (kinds.includes(p.value.numKind)) return p.value;
      reportParamKind(this.ctx, e, p, `${what} ${want}`);
      return undefined;
    }
    if (e.kind === 'Number' && kinds.includes(e.numKind)) return e;
    return this.bad(e, `${what} ${want}: got ${describeExpr(e)}`);
  }

  size(e: Expr, what: string): number | undefined {
    const n = this.number(e, what, 'must be a size such as `4K` or `1G` (a bare integer is bytes)', INT_SIZE);
    return n?.value;
  }

  /**
   * A size that is whole pages or more in any real scenario (a node, a mapping, swap, a hotplug
   * range). A bare integer is bytes (the language says so), but `node 2 dram 2` or `mmap(64)` is
   * almost surely a forgotten unit: below one page it gets a warning whose quick fix adds the
   * unit the author most likely meant (`unit`: `G` for machine sizes, `K` for mappings).
   */
  pageSize(e: Expr, what: string, unit: 'K' | 'M' | 'G'): number | undefined {
    const v = this.size(e, what);
    if (v !== undefined && e.kind === 'Number' && e.numKind === 'int' && /^\d+$/.test(e.text) && v > 0 && v < PAGE_BYTES) {
      const suggestion = `${e.text}${unit}`;
      this.ctx.report('size-without-unit', e.span, `${what} is \`${e.text}\`: ${v} byte${v > 1 ? 's' : ''}, less than one 4 KiB page (a bare integer is bytes). Did you mean \`${suggestion}\`?`, { data: { suggestion } });
    }
    return v;
  }

  count(e: Expr, what: string): number | undefined {
    const n = this.number(e, what, 'must be a whole number', INT);
    return n?.value;
  }

  order(e: Expr): number | undefined {
    const n = this.count(e, 'the order');
    if (n === undefined) return undefined;
    if (n > MAX_ORDER) return this.bad(e, `order ${n} is out of range: the buddy allocator serves orders 0..${MAX_ORDER} (MAX_PAGE_ORDER)`);
    return n;
  }

  ratio(e: Expr, what = 'a ratio'): number | undefined {
    const n = this.number(e, what, 'must be a number such as `2.5`', INT_DECIMAL);
    if (!n) return undefined;
    if (!(n.value > 0)) return this.bad(e, `${what} must be greater than 0, got ${n.text}`);
    return n.value;
  }

  /** `60%` as a fraction 0..1 */
  percent(e: Expr, what: string): number | undefined {
    const n = this.number(e, what, 'must be a percentage such as `60%`', PERCENT);
    if (!n) return undefined;
    if (n.value < 0 || n.value > 100) return this.bad(e, `${what} ${n.text} is out of range: percentages are 0%..100%`);
    return n.value / 100;
  }

  /** A node id (0..1023) or a loop variable. */
  node(e: Expr): ir.NodeRef | undefined {
    if (e.kind === 'Number' && e.numKind === 'int') {
      if (e.value > MAX_NODE_ID) return this.bad(e, `node id ${e.value} is out of range: node ids are 0..${MAX_NODE_ID} (MAX_NUMNODES)`);
      this.ctx.checkNodeUse(e.value, e.span, this.where.kind !== 'top');
      // `| 0`: a small integer, never the parser's boxed double (lowerNode says why). A boxed id
      // made the allocator's one-node zonelists (`[nid]`) arrays of doubles, on which its optimised
      // code deoptimised in a fresh process's second run (ADR 0027)
      return { const: e.value | 0, span: e.span };
    }
    if (e.kind === 'Ident') return this.loopVar(e);
    return this.bad(e, `expected a node id (0..${MAX_NODE_ID}) or a for_each loop variable, got ${describeExpr(e)}`);
  }

  private loopVar(e: Ident): ir.NodeRef | undefined {
    if (this.where.loopVars.includes(e.name)) return { var: e.name, span: e.span };
    const hint = this.where.loopVars.length ? ` (loop variables here: ${this.where.loopVars.join(', ')})` : '';
    this.ctx.report('unknown-name', e.span, `\`${e.name}\` is not a node id or a for_each loop variable in scope${hint}`);
    return undefined;
  }

  /** Expands `2`, `0-3`, `{0, 2-3}` into node refs, checking ids. */
  nodeSet(e: Expr): ir.NodeSet | undefined {
    const nodes: ir.NodeRef[] = [];
    const elements = e.kind === 'Set' ? e.elements : [e];
    let ok = true;
    for (const el of elements) {
      if (el.kind === 'IdRange') {
        const ids = this.idRange(el.from, el.to, MAX_NODE_ID, 'node');
        if (!ids) ok = false;
        else
          for (const id of ids) {
            this.ctx.checkNodeUse(id, el.span, this.where.kind !== 'top');
            nodes.push({ const: id, span: el.span });
          }
      } else if (el.kind === 'Number' || el.kind === 'Ident') {
        const r = this.node(el);
        if (r) nodes.push(r);
        else ok = false;
      } else {
        this.bad(el, `expected a node id, a range \`0-3\` or a set \`{0, 2-3}\`, got ${describeExpr(el)}`);
        ok = false;
      }
    }
    return ok ? { nodes, span: e.span } : undefined;
  }

  /** A list of plain ids such as CPUs (`0-7`, `{0, 4-7}`), without node checks. */
  idList(e: Expr, what: string, max: number): number[] | undefined {
    const out: number[] = [];
    for (const el of e.kind === 'Set' ? e.elements : [e]) {
      if (el.kind === 'IdRange') {
        const ids = this.idRange(el.from, el.to, max, what);
        if (!ids) return undefined;
        out.push(...ids);
      } else if (el.kind === 'Number' && el.numKind === 'int') {
        if (el.value > max) return this.bad(el, `${what} ${el.value} is out of range (0..${max})`);
        out.push(el.value | 0);
      } else return this.bad(el, `expected ${what} numbers such as \`0-3\` or \`{0, 4-7}\`, got ${describeExpr(el)}`);
    }
    return [...new Set(out)].sort((a, b) => a - b);
  }

  private idRange(from: Expr, to: Expr, max: number, what: string): number[] | undefined {
    if (from.kind !== 'Number' || from.numKind !== 'int' || to.kind !== 'Number' || to.numKind !== 'int') {
      return this.bad(from.kind === 'Number' && from.numKind === 'int' ? to : from, `a ${what} range takes whole numbers, as in \`0-3\``);
    }
    if (from.value > to.value) return this.bad(to, `the ${what} range ${from.value}-${to.value} is empty: write the lower id first`);
    if (to.value > max) return this.bad(to, `${what} id ${to.value} is out of range (0..${max})`);
    const out: number[] = [];
    // small integers (`| 0`, see node()): a CPU or node list of boxed doubles is an array of doubles
    for (let i = from.value | 0; i <= to.value; i++) out.push(i);
    return out;
  }

  /** A variable used by a range / handle argument, resolved in the current scope (or qualified `task.var` at top level). */
  variable(id: Ident, want: 'mapping' | 'handle' | 'either'): VarInfo | undefined {
    const v = this.resolveVar(id);
    if (!v) return undefined;
    if (want !== 'either' && v.kind !== want) {
      const what = v.kind === 'mapping' ? 'a mapping (from mmap/malloc)' : 'an allocation handle (from alloc_pages*/kmalloc_node/kvzalloc_node)';
      this.bad(id, `\`${id.name}\` is ${what}; here ${want === 'mapping' ? 'a mapping' : 'an allocation handle'} is expected`);
      return undefined;
    }
    return v;
  }

  private resolveVar(id: Ident): VarInfo | undefined {
    const scope = this.where.scope;
    const dot = id.name.indexOf('.');
    if (dot > 0 && (this.where.observing || !scope || id.name.slice(0, dot) === scope)) return this.qualifiedVar(id, dot);
    if (scope) {
      const v = this.ctx.scopes.lookup(scope, id.name);
      if (v) return v;
      const where = scope === KERNEL_SCOPE ? 'the kernel blocks' : `task \`${scope}\``;
      const other = this.ctx.scopes.firstElsewhere(id.name, scope);
      const elsewhere = other ? [other] : [];
      if (elsewhere.length) {
        const owner = elsewhere[0].scope === KERNEL_SCOPE ? 'the kernel blocks assign' : `task \`${elsewhere[0].scope}\` assigns`;
        // an expectation may observe it qualified: say how, and offer it as the quick fix
        const qualified = this.where.observing && !id.name.includes('.') ? `${elsewhere[0].scope}.${id.name}` : undefined;
        this.ctx.report('unknown-name', id.span, `\`${id.name}\` is not assigned in ${where} before this line: ${owner} it, and each task (and the kernel) has its own variables${qualified ? `; an expectation names it \`${qualified}\`` : ''}`, {
          related: [{ span: elsewhere[0].span, message: `\`${id.name}\` of ${elsewhere[0].scope === KERNEL_SCOPE ? 'the kernel' : `task ${elsewhere[0].scope}`}` }],
          data: qualified ? { suggestion: qualified } : undefined,
        });
        return undefined;
      }
      const { text, suggestion } = didYouMean(id.name, this.ctx.scopes.nameIterator(scope));
      this.ctx.report('unknown-name', id.span, `\`${id.name}\` is not assigned in ${where} before this line${text}`, { data: suggestion ? { suggestion } : undefined });
      return undefined;
    }
    // top level: `task.var` (above), or a name only one scope defines
    // the message names at most LISTED of them: N top-level uses of a name N tasks define was O(N²)
    const all = this.ctx.scopes.findEverywhere(id.name, LISTED);
    if (all.length === 1) return all[0];
    if (all.length > 1) {
      const more = this.ctx.scopes.ownerCount(id.name) - all.length;
      this.bad(id, `\`${id.name}\` is defined by several tasks (${all.map((v) => v.scope).join(', ')}${more > 0 ? ` and ${more} more` : ''}); write \`${all[0].scope}.${id.name}\``);
      return undefined;
    }
    this.ctx.report('unknown-name', id.span, `\`${id.name}\` is not a variable of any task or kernel block above (write \`task.var\` to name one)`);
    return undefined;
  }

  /**
   * `task.var` (or `kernel.var`): a variable of another scope, named by an expectation (which
   * observes) or at top level. An unknown task or variable is reported on its own part of the name.
   */
  private qualifiedVar(id: Ident, dot: number): VarInfo | undefined {
    const owner = id.name.slice(0, dot);
    const name = id.name.slice(dot + 1);
    const v = this.ctx.scopes.lookup(owner, name);
    if (v) return v;
    const ownerSpan = { start: id.span.start, end: id.span.start + dot };
    const nameSpan = { start: id.span.start + dot + 1, end: id.span.end };
    if (owner !== KERNEL_SCOPE && !this.ctx.taskNames.has(owner)) {
      const tasks = [...this.ctx.taskNames];
      const { text, suggestion } = didYouMean(owner, tasks);
      this.ctx.report('unknown-name', ownerSpan, `\`${owner}\` in \`${id.name}\` is not a task declared above this line (${tasks.length ? `tasks: ${tasks.join(', ')}` : 'no task is declared above'})${text}`, {
        data: suggestion ? { suggestion } : undefined,
      });
      return undefined;
    }
    const names = this.ctx.scopes.names(owner);
    const { text, suggestion } = didYouMean(name, names);
    const where = owner === KERNEL_SCOPE ? 'the kernel blocks assign' : `task \`${owner}\` assigns`;
    const list = names.length ? ` (its variables: ${names.join(', ')})` : '';
    this.ctx.report('unknown-name', nameSpan, `${where} no \`${name}\` before this line${list}${text}`, { data: suggestion ? { suggestion } : undefined });
    return undefined;
  }

  /** `buf`, `buf[4K]`, `buf[0:64M]`, `buf[10%:50%]` */
  range(e: Expr, want: 'mapping' | 'handle' | 'either'): ir.RangeRef | undefined {
    if (e.kind === 'Ident') {
      const v = this.variable(e, want);
      return v && { name: v.name, scope: v.scope, sel: { kind: 'whole' }, span: e.span };
    }
    if (e.kind !== 'Index') {
      return this.bad(e, `expected a ${want === 'handle' ? 'handle' : 'mapping'} variable or range such as \`buf[0:64M]\`, got ${describeExpr(e)}`);
    }
    const v = this.variable(e.base, want === 'either' ? 'mapping' : want);
    if (!v) return undefined;
    const base = { name: v.name, scope: v.scope, span: e.span };
    if (!e.slice) {
      const off = e.start && this.size(e.start, 'an offset in `buf[OFFSET]`');
      if (off === undefined) return undefined;
      if (v.sizeBytes !== undefined && off >= v.sizeBytes) {
        return this.bad(e, `offset ${off} is past the end of \`${v.name}\` (${v.sizeBytes} bytes: offsets 0..${v.sizeBytes - 1})`);
      }
      return { ...base, sel: { kind: 'page', offset: off } };
    }
    const isPct = (x?: Expr) => x?.kind === 'Number' && x.numKind === 'percent';
    if (isPct(e.start) || isPct(e.end)) {
      const s = e.start ? this.percent(e.start, 'a range start') : 0;
      const en = e.end ? this.percent(e.end, 'a range end') : 1;
      if (s === undefined || en === undefined) return undefined;
      if (en <= s) return this.bad(e, `the range ${this.ctx.textOf(e.span)} is empty: the end must be after the start`);
      return { ...base, sel: { kind: 'percent', start: s, end: en } };
    }
    const s = e.start ? this.size(e.start, 'a range start') : 0;
    if (!e.end) return this.bad(e, `\`${e.base.name}[START:]\` needs an end offset (or use percentages, \`[50%:100%]\`)`);
    const en = this.size(e.end, 'a range end');
    if (s === undefined || en === undefined) return undefined;
    if (en <= s) return this.bad(e, `the range ${this.ctx.textOf(e.span)} is empty: the end (exclusive) must be after the start`);
    if (v.sizeBytes !== undefined && en > v.sizeBytes) {
      return this.bad(e, `the range ends at ${en} bytes, past the end of \`${v.name}\` (${v.sizeBytes} bytes)`);
    }
    return { ...base, sel: { kind: 'bytes', start: s, end: en } };
  }

  /**
   * A task's mapping seen from a kernel block (`migrate_folios_to_node(app.buf, 2)`): kernel code has
   * no mappings of its own, so the range names its task, as expectations do (`TASK.VAR[...]`).
   */
  userRange(e: Expr): ir.RangeRef | undefined {
    const base = e.kind === 'Ident' ? e : e.kind === 'Index' ? e.base : undefined;
    if (!base) return this.range(e, 'mapping');
    if (base.name.includes('.') || this.where.scope !== KERNEL_SCOPE) return new Values(this.ctx, { ...this.where, observing: true }).range(e, 'mapping');
    const owner = this.ctx.scopes.firstElsewhere(base.name, KERNEL_SCOPE);
    const qualified = owner && owner.scope !== KERNEL_SCOPE ? `${owner.scope}.${base.name}` : undefined;
    this.ctx.report('unknown-name', base.span, `a kernel block names a task's memory as \`TASK.VAR\`${qualified ? `: write \`${qualified}\`` : `; \`${base.name}\` is not a mapping of any task above`}`, {
      data: qualified ? { suggestion: qualified } : undefined,
    });
    return undefined;
  }

  /** Flag names of `A | B` (identifiers only; numbers allowed when `allowNumbers`). */
  private flagOperands(e: Expr, what: string, allowNumbers: boolean): (Ident | NumberLit)[] | undefined {
    const ops = e.kind === 'Flags' ? e.operands : [e];
    const out: (Ident | NumberLit)[] = [];
    for (const op of ops) {
      if (op.kind === 'Ident' || (allowNumbers && op.kind === 'Number' && op.numKind === 'int')) out.push(op);
      else return this.bad(op, `expected ${what} names joined by \`|\`, got ${describeExpr(op)}`);
    }
    return out;
  }

  private unknownFlag(id: Ident, family: string, candidates: Iterable<string>, shown?: (s: string) => string): void {
    const { suggestion } = didYouMean(id.name, candidates);
    const s = suggestion && shown ? shown(suggestion) : suggestion;
    this.ctx.report('unknown-flag', id.span, `unknown ${family} flag \`${id.name}\`${s ? `; did you mean \`${s}\`?` : ''}`, {
      data: s ? { suggestion: s, family } : { family },
    });
  }

  /** A mask from a vocabulary table (GFP). */
  gfp(e: Expr): number | undefined {
    if (this.bareFlags(e, 'GFP', undefined, 'GFP_KERNEL | __GFP_THISNODE')) return undefined;
    const ops = this.flagOperands(e, 'GFP flag', true);
    if (!ops) return undefined;
    let mask = 0;
    let ok = true;
    for (const op of ops) {
      if (op.kind === 'Number') mask |= op.value;
      else {
        const entry: VocabEntry | undefined = GFP_TABLE.get(op.name);
        if (entry) mask |= entry.value;
        else {
          ok = false;
          this.unknownFlag(op, 'GFP', GFP_TABLE.keys());
        }
      }
    }
    return ok ? mask : undefined;
  }

  /** `MPOL_BIND | MPOL_F_STATIC_NODES` -> mode + mode flags; exactly one mode. */
  mpolMode(e: Expr): { mode: number; modeFlags: number } | undefined {
    const ops = this.flagOperands(e, 'MPOL', false);
    if (!ops) return undefined;
    let mode: number | undefined;
    let modeFlags = 0;
    let ok = true;
    const modes = MPOL_MODE as Record<string, number>;
    const flags = MPOL_MODE_FLAG as Record<string, number>;
    for (const op of ops as Ident[]) {
      if (op.name in modes) {
        if (mode !== undefined) {
          this.bad(op, `a policy has one mode: \`${op.name}\` is a second mode in ${this.ctx.textOf(e.span)}`);
          ok = false;
        }
        mode = modes[op.name];
      } else if (op.name in flags) modeFlags |= flags[op.name];
      else if (op.name in MPOL_MF) {
        this.bad(op, `\`${op.name}\` is an mbind flag, not a mode flag: pass it as the last argument of mbind`);
        ok = false;
      } else {
        this.unknownFlag(op, 'MPOL', [...Object.keys(modes), ...Object.keys(flags)]);
        ok = false;
      }
    }
    if (ok && mode === undefined) return this.bad(e, `${this.ctx.textOf(e.span)} has no policy mode: add one of ${Object.keys(modes).join(', ')}`);
    return ok ? { mode: mode!, modeFlags } : undefined;
  }

  mpolMf(e: Expr): number | undefined {
    const n = bareFlagNumber(e);
    if (n && this.bareFlags(e, 'MPOL_MF', decodeFlags(n.value, Object.entries(MPOL_MF)), 'MPOL_MF_MOVE')) return undefined;
    const ops = this.flagOperands(e, 'MPOL_MF', true);
    if (!ops) return undefined;
    let mask = 0;
    let ok = true;
    const mf = MPOL_MF as Record<string, number>;
    for (const op of ops) {
      if (op.kind === 'Number') mask |= op.value;
      else if (op.name in mf) mask |= mf[op.name];
      else {
        this.unknownFlag(op, 'MPOL_MF', Object.keys(mf));
        ok = false;
      }
    }
    return ok ? mask : undefined;
  }

  madv(e: Expr): string | undefined {
    if (e.kind !== 'Ident') return this.bad(e, `expected one MADV_* advice, got ${describeExpr(e)}`);
    if (MADV_TABLE.has(e.name)) return e.name;
    this.unknownFlag(e, 'MADV', MADV_TABLE.keys());
    return undefined;
  }

  /** NP_OPS flags; the `NP_OPS_` prefix may be left out. */
  npOps(e: Expr): number | undefined {
    const n = bareFlagNumber(e);
    if (n && this.bareFlags(e, 'NP_OPS', decodeFlags(n.value, [...NP_OPS_TABLE.values()].map((x) => [x.name, x.value])), 'MIGRATION | MEMPOLICY')) return undefined;
    return this.flagMask(e, 'NP_OPS', (name) => NP_OPS_TABLE.get(npOpsName(name))?.value, NP_OPS_TABLE.keys(), (op) => {
      const bare = op.name.startsWith('NP_OPS_');
      return (s: string) => (bare ? s : s.replace(/^NP_OPS_/, ''));
    });
  }

  /** Post-v4 capabilities: `RECLAIM | USER_NUMA` (prefix `CAP_` optional). */
  caps(e: Expr): number | undefined {
    return this.flagMask(e, 'capability', (name) => CAP_TABLE.get(capName(name))?.value, CAP_TABLE.keys(), () => (s: string) => s);
  }

  /**
   * One OR of named flags (NP_OPS, capabilities): numbers pass through, every unknown
   * name gets its own diagnostic, and any unknown name makes the whole mask undefined.
   */
  private flagMask(
    e: Expr,
    family: string,
    lookup: (name: string) => number | undefined,
    known: Iterable<string>,
    shown: (op: Ident) => (s: string) => string,
  ): number | undefined {
    const ops = this.flagOperands(e, family, true);
    if (!ops) return undefined;
    let mask = 0;
    let ok = true;
    for (const op of ops) {
      if (op.kind === 'Number') {
        mask |= op.value;
        continue;
      }
      const value = lookup(op.name);
      if (value !== undefined) mask |= value;
      else {
        ok = false;
        this.unknownFlag(op, family, known, shown(op));
      }
    }
    return ok ? mask : undefined;
  }

  /** Callback names: `a`, `a | b`, `{a, b}`, or the values of a node's `callbacks a, b`. */
  callbacks(values: Expr[]): string[] | undefined {
    const names: Ident[] = [];
    for (const v of values) {
      const parts = v.kind === 'Set' ? v.elements : v.kind === 'Flags' ? v.operands : [v];
      for (const p of parts) {
        if (p.kind !== 'Ident') return this.bad(p, `expected a callback name (${CALLBACKS.join(', ')}), got ${describeExpr(p)}`);
        names.push(p);
      }
    }
    let ok = true;
    const out: string[] = [];
    for (const n of names) {
      if ((CALLBACKS as readonly string[]).includes(n.name)) {
        if (out.includes(n.name)) this.ctx.report('invalid-argument', n.span, `callback \`${n.name}\` is listed twice`, { severity: 'warning' });
        else out.push(n.name);
      } else {
        const { suggestion } = didYouMean(n.name, CALLBACKS);
        this.ctx.report('unknown-flag', n.span, `\`${n.name}\` is not a node_private_ops callback${suggestion ? `; did you mean \`${suggestion}\`?` : ''} (callbacks: ${CALLBACKS.join(', ')})`, {
          data: suggestion ? { suggestion, family: 'callback' } : { family: 'callback' },
        });
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  keyword(e: Expr, values: readonly string[], what: string): string | undefined {
    if (e.kind === 'Ident' && values.includes(e.name)) return e.name;
    const name = e.kind === 'Ident' ? e.name : '';
    const { text, suggestion } = didYouMean(name, values);
    this.ctx.report('invalid-argument', e.span, `${what} must be ${values.map((v) => `\`${v}\``).join(' or ')}, got ${describeExpr(e)}${text}`, {
      data: suggestion ? { suggestion } : undefined,
    });
    return undefined;
  }

  data(e: Expr): ir.DataProfile | undefined {
    if (e.kind === 'Ident' && (e.name === 'zero' || e.name === 'text' || e.name === 'random')) return { kind: e.name };
    if (e.kind === 'Call' && e.callee.name === 'ratio') {
      if (e.args.length !== 1 || e.args[0].name) return this.bad(e, '`ratio(R)` takes one compression ratio, as in `data=ratio(2.5)`');
      const r = this.ratio(e.args[0].value, 'the compression ratio');
      return r === undefined ? undefined : { kind: 'ratio', ratio: r };
    }
    return this.bad(e, `data= must be zero, text, random or ratio(R), got ${describeExpr(e)}`);
  }

  cgroup(e: Expr): string | undefined {
    if (e.kind !== 'Ident') return this.bad(e, `expected a cgroup name, got ${describeExpr(e)}`);
    if (this.ctx.cgroups.has(e.name)) return e.name;
    const { text, suggestion } = didYouMean(e.name, this.ctx.cgroups.keys());
    this.ctx.report('unknown-name', e.span, `no \`cgroup ${e.name} mems ...\` is declared${text}`, { data: suggestion ? { suggestion } : undefined });
    return undefined;
  }

  stat(e: Expr): string | undefined {
    if (e.kind !== 'Ident') return this.bad(e, `expected a vmstat counter name, got ${describeExpr(e)}`);
    if (VMSTAT_TABLE.has(e.name)) return e.name;
    const { text, suggestion } = didYouMean(e.name, VMSTAT_NAMES);
    this.ctx.report('invalid-argument', e.span, `\`${e.name}\` is not a vmstat counter mmlab keeps${text}`, { data: suggestion ? { suggestion } : undefined });
    return undefined;
  }
}

