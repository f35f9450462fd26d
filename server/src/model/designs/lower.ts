/**
 * Lowering of design declarations (`design NAME [extends BASE] { CHOICE VALUE ... }`) into
 * DesignDefs: every choice checked against the vocabulary, the `extends` chain resolved,
 * a declaration without `extends` required to give every choice. The prelude, the
 * workspace's designs.mmlab and a scenario's own declarations all come through here.
 */
import { Diagnostic, diag, DiagnosticCode, RelatedInfo, Severity } from '../../common/diagnostics';
import { Span } from '../../common/span';
import * as ast from '../../syntax/ast';
import { didYouMean } from '../../syntax/suggest';
import { listed } from '../suggest';
import { charge } from '../../common/staticBudget';
import { Design, DesignChoices, DesignDef, DesignName, VariantChoices } from '../ir';
import { CHOICE_BY_KEY, CHOICE_FIELD, CHOICE_GFP_FLAGS, ChoiceSpec, DESIGN_CHOICES } from '../../vocab/designChoices';
import { GFP } from '../../vocab/gfp';
import { checkDesign } from './check';

type Report = (code: DiagnosticCode, span: Span, message: string, extra?: { severity?: Severity; related?: RelatedInfo[]; data?: Record<string, unknown> }) => void;

const NODE_STATE: Record<string, DesignChoices['nodeState']> = { N_MEMORY: 'normal', N_MEMORY_PRIVATE: 'private', SPM: 'spm', ZONE_DEVICE: 'device' };

/**
 * the declaration's `// comment` lines just above it, found by walking back line by line from the
 * declaration (splitting the whole text before it made N designs cost O(N²): issue 17)
 */
function leadingComment(text: string, start: number): string | undefined {
  const out: string[] = [];
  // `end` is the newline that ends the line above; the part of the declaration's own line before it is skipped
  let end = start > 0 ? text.lastIndexOf('\n', start - 1) : -1;
  while (end >= 0) {
    const nl = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
    const line = text.slice(nl + 1, end);
    charge(1);
    if (!/^\s*\/\//.test(line)) break;
    out.push(line.replace(/^\s*\/\/\s?/, ''));
    end = nl;
  }
  return out.length ? out.reverse().join(' ') : undefined;
}

function flagsOf(e: ast.Expr): ast.Expr[] {
  return e.kind === 'Flags' ? e.operands : [e];
}

/** one choice's value, or undefined after a diagnostic */
function lowerValue(spec: ChoiceSpec, c: ast.DesignChoice, report: Report): DesignChoices[keyof DesignChoices] | undefined {
  const names = spec.values.map((v) => v.name);
  const bad = (e: ast.Expr, what: string) => {
    const word = e.kind === 'Ident' ? e.name : undefined;
    const hint = word ? didYouMean(word, names) : { text: '' };
    report('invalid-argument', e.span, `\`${spec.key}\` takes ${what}${hint.text}`, hint.suggestion ? { data: { suggestion: hint.suggestion } } : {});
    return undefined;
  };
  if (spec.form === 'one') {
    if (c.values.length !== 1) return bad(c.values[1] ?? c.name, `one of ${names.join(', ')}`);
    const v = c.values[0];
    if (v.kind !== 'Ident' || !names.includes(v.name)) return bad(v, `one of ${names.join(', ')}`);
    return spec.key === 'node_state' ? NODE_STATE[v.name] : (v.name as never);
  }
  if (spec.form === 'flags') {
    if (c.values.length !== 1) return bad(c.values[1] ?? c.name, `\`none\` or GFP flags joined with \`|\` (${CHOICE_GFP_FLAGS.join(', ')})`);
    const v = c.values[0];
    if (v.kind === 'Ident' && v.name === 'none') return 0;
    let bits = 0;
    for (const f of flagsOf(v)) {
      if (f.kind !== 'Ident' || !(CHOICE_GFP_FLAGS as readonly string[]).includes(f.name))
        return bad(f, `\`none\` or GFP flags joined with \`|\` (${CHOICE_GFP_FLAGS.join(', ')})`);
      bits |= GFP[f.name as keyof typeof GFP];
    }
    return bits;
  }
  // list
  const out = new Set<string>();
  for (const v of c.values) {
    if (v.kind !== 'Ident' || !names.includes(v.name)) return bad(v, `\`none\` or a list of ${names.filter((n) => n !== 'none').join(', ')}`);
    if (v.name === 'none' && c.values.length > 1) return bad(v, '`none` alone');
    if (v.name !== 'none') out.add(v.name);
  }
  return out as DesignChoices['injects'];
}

export interface LoweredDesigns {
  defs: DesignDef[];
  diagnostics: Diagnostic[];
}

/**
 * Lower the declarations (with a body) of one text. `known` holds the designs already
 * visible (the prelude's, the workspace's); a declaration may extend one of them or one
 * declared in the same text, in any order.
 */
export function lowerDesignDecls(text: string, decls: ast.DesignDecl[], origin: DesignDef['origin'], known: Record<DesignName, DesignDef>): LoweredDesigns {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, span, message, extra = {}) => diagnostics.push(diag(code, span, message, extra));
  const mine = new Map<string, ast.DesignDecl>();
  for (const d of decls) {
    if (!d.body || d.name.kind !== 'Ident') continue;
    const name = d.name.name;
    const prior = known[name];
    if (prior) {
      report('invalid-argument', d.name.span, `design \`${name}\` is already declared ${prior.origin === 'prelude' ? 'as a built-in' : 'in the workspace\'s designs.mmlab'}: pick another name (or \`extends ${name}\`)`);
      continue;
    }
    if (mine.has(name)) {
      report('invalid-argument', d.name.span, `design \`${name}\` is declared twice`, { related: [{ span: mine.get(name)!.name.span, message: 'first declared here' }] });
      continue;
    }
    mine.set(name, d);
  }
  const done = new Map<string, DesignDef | null>();
  // a design's distance from a design not declared here (a built-in, the workspace's, or an
  // unknown one), walked iteratively and remembered; -1 for a design that reaches a cycle
  const depths = new Map<string, number>();
  const depthOf = (start: string): number => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let n: string | undefined = start;
    let depth = 0;
    for (;;) {
      if (n === undefined || !mine.has(n)) break;
      const memo = depths.get(n);
      if (memo !== undefined) {
        depth = memo;
        break;
      }
      if (onPath.has(n)) {
        depth = -1;
        break;
      }
      path.push(n);
      onPath.add(n);
      const e: ast.DesignDecl['extends'] = mine.get(n)!.extends;
      n = e && e.base.kind === 'Ident' ? e.base.name : undefined;
    }
    charge(1 + path.length);
    for (let i = path.length - 1; i >= 0; i--) depths.set(path[i], (depth = depth < 0 ? -1 : depth + 1));
    return depths.get(start) ?? 0;
  };
  const resolve = (name: string, chain: string[]): DesignDef | undefined => {
    const ext = known[name];
    if (ext) return ext;
    const d = mine.get(name);
    if (!d) return undefined;
    if (done.has(name)) return done.get(name) ?? undefined;
    // resolving recurses once per `extends`: a chain of thousands overflowed the stack (issue 17)
    const depth = depthOf(name);
    if (depth > MAX_EXTENDS_DEPTH || chain.length >= MAX_EXTENDS_DEPTH) {
      report(
        'invalid-argument',
        d.name.span,
        depth > MAX_EXTENDS_DEPTH
          ? `design \`${name}\` is ${depth} \`extends\` away from a built-in design; chains stop at ${MAX_EXTENDS_DEPTH}`
          : `design \`${name}\`: its \`extends\` chain passes ${MAX_EXTENDS_DEPTH} designs without reaching a built-in one`,
      );
      done.set(name, null);
      return undefined;
    }
    if (chain.includes(name)) {
      report('invalid-argument', d.name.span, `design \`${name}\` extends itself (${[...chain, name].join(' → ')})`);
      done.set(name, null);
      return undefined;
    }
    const def = lowerOne(text, d, origin, (b) => resolve(b, [...chain, name]), report, known, mine);
    done.set(name, def ?? null);
    return def;
  };
  const defs: DesignDef[] = [];
  for (const name of mine.keys()) {
    const def = resolve(name, []);
    if (def) defs.push(def);
  }
  return { defs, diagnostics };
}

/** the longest `extends` chain a file may declare (the built-ins are at most a few deep) */
export const MAX_EXTENDS_DEPTH = 64;

const namesOf = new WeakMap<Map<string, ast.DesignDecl>, string[]>();
/** every design name, built once per file (once per unknown base made N such designs O(N²)) */
function designNames(known: Record<DesignName, DesignDef>, mine: Map<string, ast.DesignDecl>): string[] {
  let all = namesOf.get(mine);
  if (!all) namesOf.set(mine, (all = [...Object.keys(known), ...mine.keys()]));
  return all;
}

function lowerOne(
  text: string,
  d: ast.DesignDecl,
  origin: DesignDef['origin'],
  resolveBase: (name: string) => DesignDef | undefined,
  report: Report,
  known: Record<DesignName, DesignDef>,
  mine: Map<string, ast.DesignDecl>,
): DesignDef | undefined {
  const name = (d.name as ast.Ident).name;
  let base: DesignDef | undefined;
  if (d.extends) {
    if (d.extends.base.kind !== 'Ident') return undefined;
    const b = d.extends.base.name;
    base = resolveBase(b);
    if (!base) {
      if (!mine.has(b)) {
        const all = designNames(known, mine);
        const hint = didYouMean(b, all);
        report('invalid-argument', d.extends.base.span, `unknown design \`${b}\` (designs: ${listed(all)})${hint.text}`, hint.suggestion ? { data: { suggestion: hint.suggestion } } : {});
      }
      return undefined;
    }
  }
  const written: Partial<DesignChoices> = {};
  const inferred = new Set(base?.design.inferred ?? []);
  const choiceSpans: DesignDef['choiceSpans'] = {};
  for (const c of d.body!.choices) {
    const spec = CHOICE_BY_KEY.get(c.name.name);
    if (!spec) {
      const hint = didYouMean(
        c.name.name,
        DESIGN_CHOICES.map((x) => x.key),
      );
      report('invalid-argument', c.name.span, `unknown design choice \`${c.name.name}\`${hint.text || ` (choices: ${DESIGN_CHOICES.map((x) => x.key).join(', ')})`}`, hint.suggestion ? { data: { suggestion: hint.suggestion } } : {});
      continue;
    }
    const field = CHOICE_FIELD[spec.key as keyof typeof CHOICE_FIELD];
    if (choiceSpans[field]) {
      report('invalid-argument', c.span, `\`${spec.key}\` is given twice in design \`${name}\``, { related: [{ span: choiceSpans[field]!, message: 'first given here' }] });
      continue;
    }
    const v = lowerValue(spec, c, report);
    if (v === undefined) continue;
    (written as Record<string, unknown>)[field] = v;
    choiceSpans[field] = c.span;
    if (c.inferred) inferred.add(field);
    else inferred.delete(field);
  }
  if (!base) {
    const missing = DESIGN_CHOICES.filter((s) => !s.optional && !choiceSpans[CHOICE_FIELD[s.key as keyof typeof CHOICE_FIELD]]).map((s) => s.key);
    if (missing.length) {
      report('invalid-argument', d.name.span, `design \`${name}\` extends no design, so it must give every choice; missing: ${missing.join(', ')} (or write \`extends stock\` and change what differs)`, {
        data: { missingChoices: missing },
      });
      return undefined;
    }
  }
  const design = { ...(base?.design ?? {}), ...written, name, inferred } as Design;
  const variant = variantOf(design);
  if (variant) design.variant = variant;
  else delete design.variant;
  const def: DesignDef = { name, origin, base: base?.name, design, choiceSpans, span: d.span, nameSpan: d.name.span, doc: leadingComment(text, d.span.start) };
  for (const x of checkDesign(def, base?.design)) report('design-choice', x.span, x.message, { severity: x.severity });
  return def;
}

/**
 * The post-v4 mechanisms of a design, as the emulator reads them (mm/designs/variant.ts):
 * present only when a declaration (or its base) chose one of the optional post-v4 choices,
 * so every v4-era design runs exactly as before. List choices carry over from the design's
 * own list choices.
 */
function variantOf(d: Design): VariantChoices | undefined {
  const admits = d.admits ?? 'gate';
  const slab = d.slab ?? 'fallback_list';
  const hugetlb = d.hugetlb ?? 'lists';
  if (admits === 'gate' && slab === 'fallback_list' && hugetlb === 'lists') return undefined;
  const v: VariantChoices = {
    admits: admits === 'gate' ? 'gate' : admits === 'lists' ? 'lists' : admits === 'folio_thisnode' ? 'folio-thisnode' : admits === 'private_zonelist' ? 'private-zonelist' : admits === 'node_private' ? 'node-private' : 'scope',
  };
  if (d.ownFallback === 'normal_only') v.ownFallback = 'normal-only';
  v.ownNofallback = d.ownNofallback;
  if (d.normalLists === 'include' && d.nodeState === 'private') v.privateInFallback = true;
  if (d.privateZonelist === 'unlock' || admits === 'private_zonelist' || admits === 'node_private') v.privateZonelist = true;
  if (admits === 'node_private') v.nodePrivateAllocator = true;
  if (slab === 'thisnode_try') v.slab = 'thisnode-try';
  if (hugetlb === 'user_numa') v.hugetlbNeedsUserNuma = true;
  if (d.inferred.has('admits')) v.inferred = true;
  return v;
}
