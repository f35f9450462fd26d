/**
 * Completion by context: flags by the parameter being typed (GFP in allocations,
 * MPOL in mbind/set_mempolicy, MPOL_MF flags, MADV, NP_OPS in `ops`), callbacks,
 * declared nodes, mappings/handles in scope, designs after `design`/`under`,
 * sysctl keys, errnos after `expect error`, diagnostic codes after `expect
 * diagnostic`, vmstat names in stat(), calls and keywords at statement start.
 * Works on half-typed text: the context comes from the tokens before the cursor.
 */
import { DIAGNOSTIC_CODES } from '../common/diagnostics';
import { Span } from '../common/span';
import { callAllowedIn, CALLS, CallSpec, ParamSpec, signatureLabel } from '../vocab/calls';
import { DESIGN_DOCS } from '../vocab/designs';
import { ERRNO_TABLE } from '../vocab/errno';
import { GFP_TABLE } from '../vocab/gfp';
import { KEYWORDS } from '../vocab/keywords';
import { MADV_TABLE } from '../vocab/madv';
import { MPOL_TABLE } from '../vocab/mpol';
import { CALLBACK_DOCS, NODE_ATTRS, NODE_KINDS, NODE_STATES } from '../vocab/nodekinds';
import { NP_OPS_TABLE } from '../vocab/npops';
import { SYSCTLS, SYSCTL_KEYS } from '../vocab/sysctl';
import { VMSTAT_TABLE } from '../vocab/vmstat';
import { BlockItem, DesignBody, SourceFile } from '../syntax/ast';
import { CHOICE_BY_KEY, DESIGN_CHOICES } from '../vocab/designChoices';
import { Token } from '../syntax/tokens';
import { ParseResult } from '../syntax/parser';
import { paramFor } from './argRoles';
import { FeatureContext } from './context';
import { SymbolIndex, symbolIndex } from './symbolIndex';
import { tokenIndexAt, tokensAround } from './tokens';
import { sourceNote } from './vocabLookup';

export type CompletionKind =
  | 'keyword'
  | 'call'
  | 'flag'
  | 'node'
  | 'variable'
  | 'task'
  | 'cgroup'
  | 'design'
  | 'errno'
  | 'code'
  | 'stat'
  | 'sysctl'
  | 'callback'
  | 'value'
  | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  insertText?: string;
  snippet?: boolean;
  /** the text the item replaces (the partly typed word) */
  replace?: Span;
  sortText?: string;
  /** ask the editor to complete again once inserted (a task name inserted as `task.`) */
  retrigger?: boolean;
}

/** Where the cursor is inside a call's argument list. */
export interface CallSite {
  callee: string;
  calleeSpan: Span;
  /** positional index of the argument being typed */
  index: number;
  /** `name=` of the argument being typed, if any */
  named?: string;
  /** offset of the `(` */
  open: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** The call whose parentheses enclose offset (scanning tokens backwards; works on unfinished text). */
export function callSiteAt(tokens: Token[], offset: number): CallSite | undefined {
  const r = scanCallSite(tokens, offset);
  return r === RAN_OFF ? undefined : r;
}

/**
 * The same from the tokens around the cursor (analysis/tokens.ts tokensAround): a call spans a
 * few lines, so the whole token list (a whole lexing of the document) is read only when the
 * scan runs off the window's start before it has its answer.
 */
export function callSiteNear(parse: ParseResult, offset: number): CallSite | undefined {
  const near = tokensAround(parse, offset);
  const r = scanCallSite(near.tokens, offset);
  if (r !== RAN_OFF) return r;
  return near.from === 0 ? undefined : callSiteAt(parse.tokens, offset);
}

/** the scan reached the first token it was given without an answer */
const RAN_OFF = Symbol('ran off');

function scanCallSite(tokens: Token[], offset: number): CallSite | undefined | typeof RAN_OFF {
  if (!tokens.length) return RAN_OFF;
  let i = tokenIndexAt(tokens, offset);
  if (tokens[i] && tokens[i].span.start >= offset) i--;
  const prevSignificant = (j: number): Token | undefined => {
    for (j--; j >= 0; j--) {
      const k = tokens[j].kind;
      if (k !== 'whitespace' && k !== 'blockComment' && k !== 'lineComment' && k !== 'newline') return tokens[j];
    }
    return undefined;
  };
  /** the previous significant token, or RAN_OFF at the start of the tokens given */
  const before = (j: number): Token | typeof RAN_OFF => prevSignificant(j) ?? RAN_OFF;
  let depth = 0;
  let commas = 0;
  let named: string | undefined;
  for (; i >= 0; i--) {
    const t = tokens[i];
    if (t.kind === 'newline' && depth === 0) {
      // newlines continue a call only after `(`, `,` or `|`
      const p = before(i);
      if (p === RAN_OFF) return p;
      if (p.kind !== 'punct' || !['(', ',', '|', '{'].includes(p.text)) return undefined;
      continue;
    }
    if (t.kind !== 'punct') continue;
    if (CLOSE.has(t.text)) depth++;
    else if (OPEN.has(t.text)) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (t.text === '(') {
        const callee = before(i);
        if (callee === RAN_OFF) return callee;
        if (callee.kind !== 'ident') return undefined;
        return { callee: callee.text, calleeSpan: callee.span, index: commas, named, open: t.span.start };
      }
      if (t.text === '{') {
        // a node set inside a call (after `(`, `,`, `=`) is part of one argument; a block brace ends the search
        const p = before(i);
        if (p === RAN_OFF) return p;
        if (p.kind !== 'punct' || !['(', ',', '='].includes(p.text)) return undefined;
        // the commas seen so far were inside the set: the whole set is one argument
        commas = 0;
        named = undefined;
      }
    } else if (depth === 0 && t.text === ',') commas++;
    else if (depth === 0 && t.text === '=' && commas === 0) {
      const p = before(i);
      if (p === RAN_OFF) return p;
      if (p.kind === 'ident') named = p.text;
    } else if (depth === 0 && t.text === ';') return undefined;
  }
  return RAN_OFF;
}

function wordBefore(text: string, offset: number): Span {
  let s = offset;
  while (s > 0 && /[A-Za-z0-9_.\-]/.test(text[s - 1])) s--;
  // a dash only belongs to a word inside diagnostic codes; keep `0-` ranges intact
  while (s < offset && text[s] === '-') s++;
  return { start: s, end: offset };
}

function blockAt(ctx: FeatureContext, offset: number): BlockItem | undefined {
  for (const item of ctx.stat.parse.file.items) {
    if ((item.kind === 'TaskBlock' || item.kind === 'KernelBlock' || item.kind === 'DeviceBlock') && item.body) {
      const b = item.body;
      if (offset > b.open.start && (b.close ? offset <= b.close.start : offset <= item.span.end + 1)) return item;
    }
  }
  return undefined;
}

function vocabItems(entries: Iterable<{ name: string; doc: string; source?: string }>, kind: CompletionKind, detail: string, replace: Span): CompletionEntry[] {
  return [...entries].map((e) => ({
    label: e.name,
    kind,
    detail,
    documentation: [e.doc, sourceNote(e.source as never)].filter(Boolean).join('\n\n'),
    replace,
  }));
}

export function completionsAt(ctx: FeatureContext, offset: number): CompletionEntry[] {
  const { stat } = ctx;
  const text = stat.text;
  const replace = wordBefore(text, offset);
  const lineStart = stat.lineIndex.lineStart(stat.lineIndex.positionAt(offset).line);
  const linePrefix = text.slice(lineStart, replace.start);
  const idx = symbolIndex(stat.parse.file);

  const nodes = (): CompletionEntry[] =>
    stat.program.machine.nodes.map((n) => ({
      label: String(n.id),
      kind: 'node' as const,
      detail: `node ${n.id}: ${n.kind}${n.private ? ', private' : ''}`,
      replace,
      sortText: `0${String(n.id).padStart(5, '0')}`,
    }));
  const block = blockAt(ctx, offset);
  const scope = block?.kind === 'TaskBlock' && block.name.kind === 'Ident' ? `task:${block.name.name}` : block?.kind === 'KernelBlock' ? 'kernel' : undefined;
  const loopVars = (): CompletionEntry[] =>
    idx.symbols
      .filter((s) => s.kind === 'loopVar')
      .filter((s) => offset >= s.declStmt.start && offset <= s.declStmt.end)
      .map((s) => ({ label: s.name, kind: 'variable' as const, detail: 'loop variable (node id)', replace }));
  const variables = (kinds: ('mapping' | 'handle')[]): CompletionEntry[] =>
    idx.symbols
      .filter((s) => (kinds as string[]).includes(s.kind) && (scope ? s.scope === scope : true) && s.decl.start < offset)
      .map((s) => ({ label: s.name, kind: 'variable' as const, detail: `${s.kind} (${s.scope})`, replace }));
  // the built-ins, then the workspace's and the file's own designs
  const designs = (): CompletionEntry[] =>
    Object.values(stat.program.designs).map((d) => ({ label: d.name, kind: 'design' as const, detail: d.origin === 'prelude' ? 'design' : `design (${d.origin})`, documentation: DESIGN_DOCS[d.name] ?? d.doc, replace }));

  // ---- inside a design declaration's body: choice names, then their values
  const body = designBodyAt(stat.parse.file, offset);
  if (body) return designChoiceCompletions(linePrefix.trimStart(), replace);

  // ---- inside a call's parentheses
  const site = callSiteNear(stat.parse, offset);
  if (site && !/^\s*(node|cgroup|distance|sysctl|swap)\b/.test(text.slice(lineStart, site.open))) {
    if (site.callee.startsWith('for_each_node_state') && site.index === 1) {
      return NODE_STATES.map((s) => ({ label: s.name, kind: 'flag' as const, detail: 'node state', documentation: s.doc, replace }));
    }
    const param = paramFor(site.callee, site.index, site.named);
    // an expectation observes: it may name another task's variable as `task.var`
    const observing = /^\s*expect\b/.test(text.slice(lineStart, site.open));
    const wants = param && VARIABLE_PARAMS[param.kind];
    if (wants && observing) {
      const typed = text.slice(replace.start, offset);
      const dot = typed.indexOf('.');
      if (dot > 0) return qualifiedVariables(idx, typed.slice(0, dot), wants, offset, { start: replace.start + dot + 1, end: offset });
    }
    const out = param ? paramCompletions(param, { nodes, variables, loopVars, replace, ctx }) : [];
    // status(RANGE, NODE or ERRNO): a move_pages query's per-page status is a node or an errno
    if (site.callee === 'status' && param?.name === 'status') out.push(...vocabItems([...ERRNO_TABLE.values()].filter((e) => ['ENOENT', 'EFAULT', 'EBUSY', 'EACCES', 'ENOMEM'].includes(e.name)), 'errno', 'per-page status', replace));
    if (wants && observing) out.push(...taskPrefixes(idx, scope, wants, offset, replace));
    // named parameters not yet written
    const spec = CALLS.find((c) => c.name === site.callee);
    if (spec && !site.named && /(^|[,(]\s*)$/.test(text.slice(site.open, replace.start).replace(/^\(/, '(')) ) {
      for (const p of spec.params.filter((q) => q.named)) out.push({ label: `${p.name}=`, kind: 'keyword', detail: `named argument (${p.kind})`, documentation: p.doc, replace });
    }
    return out;
  }

  const prefix = linePrefix.trimStart();
  if (/^design\s+\w+\s+extends\s+$/.test(prefix) || /^design\s+$/.test(prefix)) return designs();
  // ---- expectations
  const expectM = /^expect\s+(.*)$/.exec(prefix);
  if (expectM) {
    const rest = expectM[1];
    if (/\bunder\s+([A-Za-z_0-9]+\s*,\s*)*$/.test(rest)) return designs();
    if (/^error\s+$/.test(rest)) return vocabItems(ERRNO_TABLE.values(), 'errno', 'errno', replace);
    if (/^diagnostic\s+$/.test(rest)) return Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => ({ label: code, kind: 'code' as const, detail: info.severity, documentation: info.summary, replace }));
    if (/^no\s+$/.test(rest)) return [{ label: 'leak', kind: 'keyword', replace }];
    if (rest.trim() === '') {
      const forms = ['ok', 'error', 'oom', 'leak', 'no leak', 'diagnostic'].map((f) => ({ label: f, kind: 'keyword' as const, detail: 'expect form', documentation: KEYWORDS.find((k) => k.name === f.split(' ')[0])?.doc, replace }));
      const metrics = CALLS.filter((c) => c.blocks.includes('expect')).map((c) => callItem(c, replace));
      return [...forms, ...metrics];
    }
    if (/\)\s*(==|!=|<=|>=|<|>)?\s*[^\s]*\s+$/.test(rest) || /^(ok|oom|leak|no leak|error\s+\w+|diagnostic\s+[\w-]+)\s+$/.test(rest)) return [{ label: 'under', kind: 'keyword', detail: 'under DESIGN, ...', replace }];
    return [];
  }

  // ---- top-level declarations
  if (!block) {
    if (/^design\s+$/.test(prefix)) return designs();
    if (/^sysctl\s+$/.test(prefix)) {
      return SYSCTLS.map((e, i) => ({ label: SYSCTL_KEYS[i], kind: 'sysctl' as const, detail: e.path ?? 'mmlab knob', documentation: [e.doc, sourceNote(e.source)].filter(Boolean).join('\n\n'), replace }));
    }
    const nodeM = /^node\s+(.*)$/.exec(prefix);
    if (nodeM) {
      // the size (third word) and `media`/`ratio` values may be params
      const words = nodeM[1].split(/\s+/).filter(Boolean);
      const at = /\s$/.test(nodeM[1]) || !nodeM[1] ? words.length : words.length - 1;
      if (at === 2 || ['media'].includes(words[at - 1])) return paramItems(ctx, ['int', 'size'], replace);
      if (words[at - 1] === 'ratio') return paramItems(ctx, ['int', 'decimal'], replace);
      return nodeDeclCompletions(nodeM[1], replace);
    }
    if (/^sysctl\s+\S+\s*=\s*$/.test(prefix)) return paramItems(ctx, ['int', 'percent'], replace);
    const taskM = /^task\s+\S+\s+(.*)$/.exec(prefix);
    if (taskM) {
      if (/\bcgroup\s+$/.test(taskM[1])) return idx.symbols.filter((s) => s.kind === 'cgroup').map((s) => ({ label: s.name, kind: 'cgroup' as const, replace }));
      return ['cpu', 'cgroup'].map((k) => ({ label: k, kind: 'keyword' as const, replace }));
    }
    if (/^cgroup\s+\S+\s+$/.test(prefix)) return [{ label: 'mems', kind: 'keyword', replace }];
    if (/^cgroup\s+\S+\s+mems\s+\S+\s+$/.test(prefix)) return [{ label: 'sysram', kind: 'keyword', replace }];
    if (/^device\s+$/.test(prefix)) return nodes();
    if (prefix === '' || /^[A-Za-z_]*$/.test(prefix)) {
      return KEYWORDS.filter((k) => k.contexts.includes('top') && k.name !== 'mems' && k.name !== 'sysram').map((k) => keywordItem(k.name, k.syntax, k.doc, replace));
    }
    return [];
  }

  if (/^repeat\s+$/.test(prefix)) return paramItems(ctx, ['int'], replace);
  // ---- statement start inside a block
  if (prefix === '' || /^[A-Za-z_][A-Za-z0-9_]*\s*=\s*$/.test(prefix) || /^[A-Za-z_]*$/.test(prefix)) {
    const kind = block.kind === 'TaskBlock' ? 'task' : block.kind === 'KernelBlock' ? 'kernel' : 'device';
    const driver = block.kind === 'KernelBlock' && block.driver !== undefined;
    const calls = CALLS.filter((c) => callAllowedIn(c, kind, driver)).map((c) => callItem(c, replace));
    if (/=\s*$/.test(prefix)) return calls.filter((c) => CALLS.find((x) => x.name === c.label)?.returns);
    const kws = KEYWORDS.filter((k) => k.contexts.includes('block')).map((k) => keywordItem(k.name, k.syntax, k.doc, replace));
    return [...calls, ...kws, ...variables(['mapping'])];
  }
  return [];
}

/** the parameters that take a variable, and which kinds */
const VARIABLE_PARAMS: Partial<Record<ParamSpec['kind'], ('mapping' | 'handle')[]>> = { range: ['mapping'], handle: ['handle'], target: ['mapping', 'handle'] };

/** the scope key of the `owner` in `owner.var`: a task, or the kernel blocks */
const ownerScope = (owner: string) => (owner === 'kernel' ? 'kernel' : `task:${owner}`);

/** after `owner.`: that task's (or the kernel blocks') variables assigned above, replacing the part after the dot */
function qualifiedVariables(idx: SymbolIndex, owner: string, kinds: string[], offset: number, replace: Span): CompletionEntry[] {
  const scope = ownerScope(owner);
  return idx.symbols
    .filter((s) => kinds.includes(s.kind) && s.scope === scope && s.decl.start < offset)
    .map((s) => ({ label: s.name, kind: 'variable' as const, detail: `${s.kind} of ${owner === 'kernel' ? 'the kernel blocks' : `task ${owner}`}`, documentation: `\`${owner}.${s.name}\`: ${s.createdBy ? `from \`${s.createdBy}\`` : s.kind}`, replace }));
}

/** where an expectation takes a variable: the other tasks (and the kernel blocks) that assigned one above, inserted as `task.` */
function taskPrefixes(idx: SymbolIndex, own: string | undefined, kinds: string[], offset: number, replace: Span): CompletionEntry[] {
  const owners = new Map<string, string[]>();
  for (const s of idx.symbols) {
    if (!kinds.includes(s.kind) || s.scope === own || s.decl.start >= offset) continue;
    const owner = s.scope === 'kernel' ? 'kernel' : s.scope.startsWith('task:') ? s.scope.slice(5) : undefined;
    if (owner) owners.set(owner, [...(owners.get(owner) ?? []), s.name]);
  }
  return [...owners].map(([owner, names]) => ({
    label: `${owner}.`,
    kind: owner === 'kernel' ? ('keyword' as const) : ('task' as const),
    detail: `${owner === 'kernel' ? 'the kernel blocks' : `task ${owner}`}: ${names.join(', ')}`,
    documentation: `name a variable of ${owner === 'kernel' ? 'the kernel blocks' : `task \`${owner}\``} as \`${owner}.VAR\` (an expectation may observe any scope)`,
    replace,
    sortText: `z${owner}`,
    retrigger: true,
  }));
}

function keywordItem(name: string, syntax: string, doc: string, replace: Span): CompletionEntry {
  return { label: name, kind: 'keyword', detail: syntax, documentation: doc, replace };
}

function callItem(c: CallSpec, replace: Span): CompletionEntry {
  const required = c.params.filter((p) => !p.optional && !p.named);
  const snippet = `${c.name}(${required.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})`;
  return {
    label: c.name,
    kind: 'call',
    detail: signatureLabel(c),
    documentation: [c.doc, sourceNote(c.source)].filter(Boolean).join('\n\n'),
    insertText: snippet,
    snippet: true,
    replace,
  };
}

interface ParamEnv {
  nodes: () => CompletionEntry[];
  variables: (k: ('mapping' | 'handle')[]) => CompletionEntry[];
  loopVars: () => CompletionEntry[];
  replace: Span;
  ctx: FeatureContext;
}

function paramCompletions(p: ParamSpec, env: ParamEnv): CompletionEntry[] {
  const { replace } = env;
  switch (p.kind) {
    case 'gfp':
      return vocabItems(GFP_TABLE.values(), 'flag', 'GFP flag', replace);
    case 'mpol_mode':
      return vocabItems([...MPOL_TABLE.values()].filter((e) => e.name.startsWith('MPOL_') && !e.name.startsWith('MPOL_MF_') && e.name !== 'MPOL_F_PRIVATE'), 'flag', 'mempolicy mode / mode flag', replace);
    case 'mpol_mf':
      return vocabItems([...MPOL_TABLE.values()].filter((e) => e.name.startsWith('MPOL_MF_')), 'flag', 'MPOL_MF flag', replace);
    case 'madv':
      return vocabItems(MADV_TABLE.values(), 'flag', 'madvise advice', replace);
    case 'np_ops':
      return npOpsItems(replace);
    case 'callbacks':
      return CALLBACK_DOCS.map((c) => ({ label: c.name, kind: 'callback' as const, detail: c.signature, documentation: c.doc, replace }));
    case 'node':
      return [...env.nodes(), ...env.loopVars()];
    case 'nodeset':
      return [...env.nodes(), ...env.loopVars()];
    case 'range':
      return env.variables(['mapping']);
    case 'handle':
      return env.variables(['handle']);
    case 'target':
      return env.variables(['mapping', 'handle']);
    case 'cgroup':
      return symbolIndex(env.ctx.stat.parse.file)
        .symbols.filter((s) => s.kind === 'cgroup')
        .map((s) => ({ label: s.name, kind: 'cgroup' as const, replace }));
    case 'stat':
      return [...VMSTAT_TABLE.values()].map((e) => ({ label: e.name, kind: 'stat' as const, detail: 'vmstat', documentation: [e.doc, sourceNote(e.source)].filter(Boolean).join('\n\n'), replace }));
    case 'keyword':
      return (p.values ?? []).map((v) => ({ label: v, kind: 'value' as const, detail: p.name, documentation: p.doc, replace }));
    case 'data':
      return [
        ...['zero', 'text', 'random'].map((v) => ({ label: v, kind: 'value' as const, detail: 'data profile', documentation: p.doc, replace })),
        { label: 'ratio', kind: 'value' as const, detail: 'ratio(R)', insertText: 'ratio(${1:2.0})', snippet: true, replace },
      ];
    case 'size':
      return paramItems(env.ctx, ['int', 'size'], replace);
    case 'count':
    case 'order':
      return paramItems(env.ctx, ['int'], replace);
    case 'ratio':
      return paramItems(env.ctx, ['int', 'decimal'], replace);
    case 'percent':
      return paramItems(env.ctx, ['percent'], replace);
    default:
      return [];
  }
}

/** The file's params whose value fits where the cursor is (a size where a size goes, ...). */
function paramItems(ctx: FeatureContext, kinds: string[], replace: Span): CompletionEntry[] {
  return (ctx.stat.program.params ?? [])
    .filter((p) => kinds.includes(p.numKind))
    .map((p) => ({ label: p.name, kind: 'variable' as const, detail: `param = ${p.value}`, replace }));
}

function npOpsItems(replace: Span): CompletionEntry[] {
  return [...NP_OPS_TABLE.values()].map((e) => ({
    label: e.name.replace(/^NP_OPS_/, ''),
    kind: 'flag' as const,
    detail: e.name,
    documentation: [e.doc, sourceNote(e.source)].filter(Boolean).join('\n\n'),
    replace,
  }));
}

function nodeDeclCompletions(rest: string, replace: Span): CompletionEntry[] {
  // node ID KIND SIZE [ATTR ...]
  const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  const done = /\s$/.test(rest) || rest === '';
  const n = done ? words.length : words.length - 1;
  if (n === 1) return NODE_KINDS.map((k) => ({ label: k.name, kind: 'keyword' as const, detail: `node kind (tier ${k.defaultTier})`, documentation: k.doc, replace }));
  if (n < 3) return [];
  const last = done ? words[words.length - 1] : words[words.length - 2];
  const lastIsOp = /\|$/.test(rest.trimEnd()) || last === '|';
  if (last === 'ops' || lastIsOp) return npOpsItems(replace);
  if (last === 'callbacks' || (/,\s*$/.test(rest) && /\bcallbacks\b/.test(rest))) {
    return CALLBACK_DOCS.map((c) => ({ label: c.name, kind: 'callback' as const, detail: c.signature, documentation: c.doc, replace }));
  }
  if (last === 'zone') return ['normal', 'movable'].map((z) => ({ label: z, kind: 'value' as const, replace }));
  if (['cpus', 'media', 'ratio', 'tier'].includes(last)) return [];
  return NODE_ATTRS.map((a) => ({ label: a.name, kind: 'keyword' as const, detail: a.syntax, documentation: a.doc, replace }));
}

function designBodyAt(file: SourceFile, offset: number): DesignBody | undefined {
  for (const item of file.items) {
    if (item.kind !== 'Design' || !item.body) continue;
    const b = item.body;
    if (offset > b.span.start && (b.close ? offset <= b.close.start : offset <= b.span.end + 1)) return b;
  }
  return undefined;
}

/** at the start of a line: the choices; after a choice name: its values */
function designChoiceCompletions(prefix: string, replace: Span): CompletionEntry[] {
  const m = /^([a-z_]+)\s+(.*)$/.exec(prefix);
  if (!m) return DESIGN_CHOICES.map((c) => ({ label: c.key, kind: 'keyword' as const, detail: 'design choice', documentation: c.doc, replace }));
  const spec = CHOICE_BY_KEY.get(m[1]);
  if (!spec) return [];
  return spec.values.map((v) => ({ label: v.name, kind: 'value' as const, detail: `${spec.key} ${v.name}`, documentation: `${v.doc}. Kernel code: ${v.kernel}.`, replace }));
}
