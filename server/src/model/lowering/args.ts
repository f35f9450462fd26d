import { Arg, CallExpr, Expr } from '../../syntax/ast';
import { CallSpec, ParamSpec, signatureLabel } from '../../vocab/calls';
import { LowerContext } from './context';

/**
 * Matches a call's arguments to its signature (vocab/calls.ts): positional
 * arguments fill parameters in order, skipping optional ones whose kind does
 * not fit the argument's shape (so `mmap(1G, shared)` skips `backing`); named
 * ones (`count=8192`) go by name. Reports arity problems as `invalid-argument`.
 */
export interface MatchedArgs {
  values: ArgValues;
  /** false when a required argument is missing or there were extra ones */
  complete: boolean;
}

/**
 * Does a name look like a flag: a known family's prefix, or all capitals, digits and `_` after a
 * capital (what /^(__GFP_|GFP_|MPOL_|MADV_|NP_OPS_)|^[A-Z][A-Z0-9_]*$/ accepts, without a regular
 * expression run per argument).
 */
export function isFlagLike(name: string): boolean {
  const c0 = name.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90) {
    let i = 1;
    for (; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
    }
    if (i === name.length) return true;
  }
  return name.startsWith('__GFP_') || name.startsWith('GFP_') || name.startsWith('MPOL_') || name.startsWith('MADV_') || name.startsWith('NP_OPS_');
}

/** Could `e` be a value of this parameter, judging by its shape only? */
export function shapeFits(p: ParamSpec, e: Expr): boolean {
  const isInt = e.kind === 'Number' && e.numKind === 'int';
  const isIdent = e.kind === 'Ident';
  const flagLike = isIdent && isFlagLike(e.name);
  switch (p.kind) {
    case 'size':
      return e.kind === 'Number' && (e.numKind === 'int' || e.numKind === 'size');
    case 'count':
    case 'order':
      return isInt;
    case 'ratio':
      return e.kind === 'Number' && (e.numKind === 'int' || e.numKind === 'decimal');
    case 'percent':
      return e.kind === 'Number' && e.numKind === 'percent';
    case 'node':
      return isInt || (isIdent && !flagLike);
    case 'nodeset':
      return isInt || e.kind === 'IdRange' || e.kind === 'Set' || (isIdent && !flagLike);
    case 'range':
    case 'handle':
    case 'target':
      return (isIdent && !flagLike) || e.kind === 'Index';
    case 'gfp':
    case 'mpol_mf':
    case 'np_ops':
      return flagLike || e.kind === 'Flags' || isInt;
    case 'mpol_mode':
    case 'madv':
      return flagLike || e.kind === 'Flags';
    case 'callbacks':
      return isIdent || e.kind === 'Flags' || e.kind === 'Set';
    case 'data':
      return isIdent || e.kind === 'Call';
    case 'cgroup':
    case 'stat':
      return isIdent;
    case 'keyword':
      return isIdent && (p.values ?? []).includes(e.name);
  }
}

/**
 * A call's arguments by parameter name: one slot per parameter of the call's signature (a handful),
 * found by a search of the signature's names (the vocabulary's constant strings), where a Map was
 * made and hashed per call. The same has/get/set/size as a Map for the signature's names.
 */
export class ArgValues {
  private readonly exprs: (Expr | undefined)[];
  size = 0;

  constructor(private readonly names: readonly string[]) {
    this.exprs = new Array<Expr | undefined>(names.length).fill(undefined);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): Expr | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.exprs[i];
  }

  /** `name` is one of the signature's (matchArgs sets no other) */
  set(name: string, e: Expr): void {
    const i = this.names.indexOf(name);
    if (i < 0) return;
    if (this.exprs[i] === undefined) this.size++;
    this.exprs[i] = e;
  }
}

const NAMES = new WeakMap<CallSpec, readonly string[]>();

function paramNames(spec: CallSpec): readonly string[] {
  let n = NAMES.get(spec);
  if (!n) NAMES.set(spec, (n = spec.params.map((p) => p.name)));
  return n;
}

const POSITIONAL = new WeakMap<CallSpec, readonly ParamSpec[]>();

function positionalParams(spec: CallSpec): readonly ParamSpec[] {
  let p = POSITIONAL.get(spec);
  if (!p) POSITIONAL.set(spec, (p = spec.params.filter((x) => !x.named)));
  return p;
}

export function matchArgs(ctx: LowerContext, call: CallExpr, spec: CallSpec): MatchedArgs {
  const values = new ArgValues(paramNames(spec));
  let complete = true;
  const positional = positionalParams(spec);
  let pi = 0;
  let named: Arg[] | undefined;
  for (const arg of call.args) {
    if (arg.name) {
      (named ??= []).push(arg);
      continue;
    }
    let placed = false;
    while (pi < positional.length) {
      const p = positional[pi++];
      if (values.has(p.name)) continue;
      // a param fits where its value would (`mmap(pressure, shared)`)
      if (!p.optional || shapeFits(p, (arg.value.kind === 'Ident' && ctx.params.size ? ctx.params.get(arg.value.name)?.value : undefined) ?? arg.value)) {
        values.set(p.name, arg.value);
        placed = true;
        break;
      }
    }
    if (!placed) {
      complete = false;
      const max = positional.length;
      const namedHint = spec.params.some((p) => p.named) ? ` (named: ${spec.params.filter((p) => p.named).map((p) => `${p.name}=`).join(', ')})` : '';
      ctx.report('invalid-argument', arg.span, `unexpected argument ${ctx.textOf(arg.span)}: \`${spec.name}\` takes at most ${max} positional argument${max === 1 ? '' : 's'}${namedHint}: ${signatureLabel(spec)}`);
    }
  }
  for (const arg of named ?? []) {
    const key = arg.name!.name;
    const p = spec.params.find((q) => q.name === key);
    if (!p) {
      const names = spec.params.filter((q) => q.named).map((q) => `${q.name}=`);
      ctx.report('invalid-argument', arg.name!.span, `\`${spec.name}\` has no parameter \`${key}\`${names.length ? `; named parameters are ${names.join(', ')}` : ''}: ${signatureLabel(spec)}`);
      complete = false;
      continue;
    }
    if (values.has(key)) {
      ctx.report('invalid-argument', arg.span, `\`${key}\` is given twice in \`${spec.name}\``);
      complete = false;
      continue;
    }
    values.set(key, arg.value);
  }
  // the required parameters not given (a call that leaves optional ones out allocates nothing here)
  let missingParams: ParamSpec[] | undefined;
  if (spec.params.length !== values.size) for (const p of spec.params) if (!p.optional && !values.has(p.name)) (missingParams ??= []).push(p);
  if (missingParams) {
    complete = false;
    const at = call.closed ? { start: call.argsSpan.end - 1, end: call.argsSpan.end } : call.argsSpan;
    ctx.report('invalid-argument', at, `\`${spec.name}\` is missing ${missingParams.map((p) => `\`${p.name}\``).join(', ')}: ${signatureLabel(spec)}`);
  }
  return { values, complete };
}
