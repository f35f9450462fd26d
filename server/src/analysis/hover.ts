/**
 * Hover: a short explanation of whatever is under the cursor.
 * - a keyword, call, flag, errno, sysctl, vmstat name, design, callback:
 *   the vocabulary entry (inferred facts marked);
 * - a node id: its declaration and its state at that statement (step records);
 * - a mapping or allocation handle: where its pages are at that statement and
 *   the decision path (explain lines) of the statement that placed them;
 * - an allocating statement's call: where it landed and why;
 * - an `expect`: actual vs expected, and the statement it observes.
 */
import { formatBytes, formatPages } from '../common/format';
import { formatOps } from '../mm/node_private';
import { Span } from '../common/span';
import { NodeDecl as IrNode, ParamInfo, Stmt, TimelineItem } from '../model/ir';
import { bodyBase } from '../model/blockSpans';
import { NodeSnapshot, RunResult, StepRecord } from '../mm/result';
import { CallExpr, ExpectStmt, NodeAttr } from '../syntax/ast';
import { Token } from '../syntax/tokens';
import { FeatureContext } from './context';
import { inferencesOf } from './inferences';
import { INFERRED_LEGEND, INFERRED_MARK } from './viewData';
import { StepLookup, stepLookup, formatPlacements, formatTally, outcomeTally, outcomeText, placementsByNode } from './steps';
import { Sym, symbolIndex } from './symbolIndex';
import { dashedWordAt, tokenNear } from './tokens';
import { AnyNode, pathAt } from './tree';
import { lookupVocab, renderVocab, VocabKind } from './vocabLookup';
import { designHover, honouredBy } from './designHover';
import { SUBJECT_FORMS } from '../run/expectations';
import { GFP, GFP_COMPOSITE } from '../vocab/gfp';

export interface HoverData {
  span: Span;
  markdown: string;
}

export function hoverAt(ctx: FeatureContext, offset: number): HoverData | undefined {
  const { stat } = ctx;
  const file = stat.parse.file;
  const tok = tokenNear(stat.parse, offset);
  const path = pathAt(file as AnyNode, offset);
  const expect = [...path].reverse().find((n) => n.kind === 'Expect') as ExpectStmt | undefined;
  const withExpect = (h: HoverData | undefined): HoverData | undefined => {
    if (!expect) return h;
    const e = expectSection(ctx, expect);
    if (!e) return h;
    return h ? { span: h.span, markdown: `${h.markdown}\n\n---\n\n${e}` } : { span: expect.span, markdown: e };
  };

  // diagnostic codes after `expect diagnostic` contain dashes: one word for hover
  if (expect && expect.body.form === 'diagnostic' && offset >= expect.body.code.span.start && offset <= expect.body.code.span.end) {
    const hit = lookupVocab(expect.body.code.text, ['code']);
    return withExpect({ span: expect.body.code.span, markdown: hit ? renderVocab(hit) : `unknown diagnostic code \`${expect.body.code.text}\`` });
  }
  if (!tok) return withExpect(undefined);

  // a param's name, where it is declared or used
  const param = paramAt(stat.program.params, offset);
  if (param) return withExpect({ span: param.at, markdown: paramHover(param.param) });

  // names: nodes, mappings, handles, tasks, cgroups, loop variables
  const resolved = symbolIndex(file).at(offset);
  if (resolved) {
    const md = symbolHover(ctx, resolved.sym, offset);
    if (md) return withExpect({ span: resolved.occurrence.span, markdown: md });
  }

  if (tok.kind === 'ident') {
    // inside a design declaration, or a design's name (a user design has no vocabulary entry)
    const dmd = designHover(stat.program, path, tok);
    if (dmd) return withExpect({ span: tok.span, markdown: dmd });
    const word = tok.text;
    const parent = path[path.length - 1];
    const grand = path[path.length - 2];
    const prefer = preferFor(path, tok);
    // sysctl keys contain dots: the whole key is one identifier token
    const hit = lookupVocab(word, prefer);
    let md = hit ? renderVocab(hit) : undefined;
    // a flag a design choice can name: the designs that honour it, from their choices
    const bits = hit?.kind === 'gfp' ? choiceFlagBits(hit.name) : 0;
    if (hit && bits) md = `${renderVocab({ ...hit, designs: undefined })}\n\n${honouredBy(stat.program, bits)}`;
    // a statement's call: add what happened there
    const callExpr = [parent, grand].find((n) => n?.kind === 'Call' && (n as CallExpr).callee.span.start === tok.span.start) as CallExpr | undefined;
    if (callExpr && ctx.run) {
      const stmt = [...path].reverse().find((n) => n.kind === 'CallStmt' || n.kind === 'PokeStmt');
      if (stmt) {
        const s = statementSection(ctx.run, stepLookup(ctx.run), stmt.span);
        if (s) md = md ? `${md}\n\n---\n\n${s}` : s;
      }
    }
    if (md) return withExpect({ span: tok.span, markdown: md });
  }
  if (tok.kind === 'punct' || tok.kind === 'int' || tok.kind === 'size' || tok.kind === 'percent' || tok.kind === 'decimal') {
    const dashed = dashedWordAt(stat.text, offset);
    if (dashed && lookupVocab(dashed.word, ['code'])?.kind === 'code') {
      return withExpect({ span: dashed, markdown: renderVocab(lookupVocab(dashed.word, ['code'])!) });
    }
  }
  return withExpect(undefined);
}

function paramAt(params: ParamInfo[] | undefined, offset: number): { param: ParamInfo; at: Span } | undefined {
  for (const p of params ?? []) {
    const at = [p.nameSpan, ...p.uses].find((s) => offset >= s.start && offset <= s.end);
    if (at) return { param: p, at };
  }
  return undefined;
}

const PARAM_KIND = { int: 'a whole number', decimal: 'a decimal number', size: 'a size', percent: 'a percentage' };

function paramHover(p: ParamInfo): string {
  const uses = p.uses.length ? `used ${p.uses.length} time${p.uses.length === 1 ? '' : 's'}` : '**not used**: sweeping it changes nothing';
  return [
    `**param \`${p.name}\`** = \`${p.value}\` (${PARAM_KIND[p.numKind]}; ${uses})`,
    `It goes wherever ${PARAM_KIND[p.numKind]} goes. Sweep it with the **Sweep…** lens on its line or \`mmlab sweep FILE --set ${p.name}=V1,V2,…\` (or \`LO..HI[:STEP]\`).`,
  ].join('\n\n');
}

/** the bits of a GFP name (flag or composite) that a design's gate or unlock choice can hold, other than __GFP_THISNODE */
function choiceFlagBits(name: string): number {
  const value = (GFP as Record<string, number>)[name] ?? (GFP_COMPOSITE as Record<string, number>)[name] ?? 0;
  return value & (GFP.__GFP_PRIVATE | GFP.__GFP_SPM_NODE);
}

function preferFor(path: AnyNode[], tok: Token): VocabKind[] {
  const parent = path[path.length - 1];
  const top = path[1];
  if (parent?.kind === 'NodeAttr' && (parent as NodeAttr).name.span.start === tok.span.start) return ['nodeAttr'];
  if (parent?.kind === 'Call' && (parent as CallExpr).callee.span.start === tok.span.start) return ['call'];
  if (top?.kind === 'NodeDecl' && path.some((n) => n.kind === 'NodeAttr' && (n as NodeAttr).name.name === 'caps')) return ['cap'];
  if (top?.kind === 'NodeDecl') return ['nodeKind', 'npops', 'callback', 'nodeAttr'];
  if (top?.kind === 'Sysctl') return ['sysctl'];
  if (top?.kind === 'Design') return ['design'];
  if (path.some((n) => n.kind === 'Expect')) return ['keyword', 'errno', 'design', 'vmstat'];
  if (path.some((n) => n.kind === 'Call' && (n as CallExpr).callee.name === 'node_private_set_ops')) return ['npops', 'callback'];
  if (path.some((n) => n.kind === 'Call' && (n as CallExpr).callee.name === 'stat')) return ['vmstat'];
  return [];
}

// ---------------------------------------------------------------- names

function nodeDeclOf(ctx: FeatureContext, id: number): IrNode | undefined {
  return ctx.stat.program.machine.nodes.find((n) => n.id === id);
}

function describeNodeDecl(n: IrNode): string {
  const bits = [`${n.kind}`, formatBytes(n.sizeBytes)];
  if (n.private) bits.push('private');
  if (n.cpus.length) bits.push(`cpus ${compactList(n.cpus)}`);
  // the ops a reviewer asks about first (as declared: under stock they are ignored)
  if (n.ops !== undefined) bits.push(`ops ${formatOps(n.ops)}${n.opsRejected ? ' (refused by node_private_set_ops: the node has no ops)' : ''}`);
  else if (n.kind === 'cram') bits.push('ops: what the CRAM service registers');
  if (n.callbacks) bits.push(`callbacks ${n.callbacks.join(', ') || 'none'}`);
  if (n.mediaBytes !== undefined) bits.push(`media ${formatBytes(n.mediaBytes)}`);
  if (n.zone === 'movable') bits.push('zone movable');
  if (n.offline) bits.push('offline');
  return bits.join(', ');
}

function compactList(xs: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(j > i ? `${xs[i]}-${xs[j]}` : `${xs[i]}`);
    i = j;
  }
  return out.join(',');
}

function snapshotLine(s: NodeSnapshot): string {
  const parts = [`state **${s.state}**`, `used ${formatPages(s.usedPages)}`, `free ${formatPages(s.freePages)}`];
  if (s.mediaUsedBytes !== undefined) parts.push(`media used ${formatBytes(s.mediaUsedBytes)}`);
  if (s.open !== undefined) parts.push(s.open ? 'open to demotion' : '**closed** to demotion');
  if (s.pressure !== undefined) parts.push(`pressure ${s.pressure}`);
  return parts.join(' · ');
}

function ownersLine(s: NodeSnapshot): string {
  const owners = s.owners.filter((o) => o.pages > 0);
  if (!owners.length) return '';
  return `owners: ${owners.map((o) => `${o.owner} ${o.pages.toLocaleString('en-US')}`).join(', ')}`;
}

function symbolHover(ctx: FeatureContext, sym: Sym, offset: number): string | undefined {
  const run = ctx.run;
  const steps = run ? stepLookup(run) : undefined;
  switch (sym.kind) {
    case 'node': {
      const decl = nodeDeclOf(ctx, sym.nodeId!);
      const lines = [`**node ${sym.nodeId}**${decl ? ` — ${describeNodeDecl(decl)}` : ''}`];
      if (run && steps) {
        const isDecl = offset >= sym.declStmt.start && offset <= sym.declStmt.end;
        const step = isDecl ? undefined : steps.stepAt(offset);
        const snap = step?.nodes.find((n) => n.id === sym.nodeId);
        if (snap) {
          lines.push('', `At this statement (${ctx.design}, step ${step!.index}): ${snapshotLine(snap)}`);
          const ow = ownersLine(snap);
          if (ow) lines.push('', ow);
        } else {
          const rep = run.nodes.find((n) => n.id === sym.nodeId);
          if (rep) {
            const snapLike: NodeSnapshot = { id: rep.id, usedPages: rep.usedPages, freePages: rep.freePages, state: rep.state, owners: rep.owners, ...(rep.kind === 'cram' ? { mediaUsedBytes: rep.mediaUsedBytes, open: rep.open, pressure: rep.pressure } : {}) };
            lines.push('', `${isDecl ? 'At the end of the run' : 'Before the first step, at the end of the run'} (${ctx.design}): ${snapshotLine(snapLike)}`);
            const ow = ownersLine(snapLike);
            if (ow) lines.push('', ow);
          }
        }
      } else lines.push('', '*simulation running…*');
      return lines.join('\n');
    }
    case 'mapping':
    case 'handle': {
      const what = sym.kind === 'mapping' ? 'mapping' : 'allocation handle';
      const owner = sym.scope.startsWith('task:') ? `${sym.scope.slice(5)}:${sym.name}` : sym.name;
      const lines = [`**${what} \`${sym.name}\`**${sym.createdBy ? ` — from \`${ctx.stat.text.slice(sym.declStmt.start, sym.declStmt.end).split('\n')[0].trim()}\`` : ''}`];
      if (!run || !steps) {
        lines.push('', '*simulation running…*');
        return lines.join('\n');
      }
      const step = steps.stepAt(offset);
      const here = step ? ownerPages(step.nodes, sym.name, owner) : [];
      if (step && here.length) lines.push('', `At this statement: ${here.map((p) => `N${p.node} ×${p.pages.toLocaleString('en-US')}`).join(', ')} (${formatPages(here.reduce((a, p) => a + p.pages, 0))})`);
      else {
        const rep = run.mappings.find((m) => m.name === sym.name && (sym.scope === `task:${m.task}` || !sym.scope.startsWith('task:')));
        if (rep) {
          const ps = Object.entries(rep.pages).filter(([, n]) => n > 0);
          lines.push('', `At the end of the run: ${ps.length ? ps.map(([k, n]) => (k === 'swap' ? `swap ×${n}` : `N${k} ×${n.toLocaleString('en-US')}`)).join(', ') : 'no pages'} (size ${formatBytes(rep.sizeBytes)})`);
        } else if (step) lines.push('', 'No pages yet at this statement.');
      }
      const why = placingSteps(run, sym.name, owner, step?.index ?? Infinity);
      for (const r of why.slice(-2)) {
        const where = formatPlacements(placementsByNode([r]).filter((p) => p.pages));
        lines.push('', `Placed by \`${ctx.stat.text.slice(r.span.start, r.span.end).split('\n')[0].trim()}\`${where ? ` → ${where}` : ''}:`);
        for (const e of r.explain.slice(0, 8)) lines.push(`- ${e}`);
      }
      return lines.join('\n');
    }
    case 'task': {
      // its blocks, not its occurrences (a `task.var` in an expectation names it too)
      const blocks = ctx.stat.parse.file.items.filter((i) => i.kind === 'TaskBlock' && i.name.kind === 'Ident' && i.name.name === sym.name).length;
      const lines = [`**task \`${sym.name}\`** — ${blocks} block${blocks > 1 ? 's' : ''}`];
      if (run) {
        const maps = run.mappings.filter((m) => m.task === sym.name);
        for (const m of maps) {
          const ps = Object.entries(m.pages).filter(([, n]) => n > 0);
          lines.push(`- \`${m.name}\` (${formatBytes(m.sizeBytes)}): ${ps.length ? ps.map(([k, n]) => `${k === 'swap' ? 'swap' : `N${k}`} ×${n}`).join(', ') : 'no pages'}`);
        }
      }
      return lines.join('\n');
    }
    case 'cgroup': {
      const cg = ctx.stat.program.machine.cgroups.find((c) => c.name === sym.name);
      return `**cgroup \`${sym.name}\`** — cpuset.mems ${cg ? compactList(cg.mems) : '?'}${cg?.sysram ? `, mems.sysram ${compactList(cg.sysram)}` : ''}`;
    }
    case 'loopVar':
      return `**loop variable \`${sym.name}\`** — a node id, one per iteration of \`${ctx.stat.text.slice(sym.declStmt.start, sym.declStmt.end).split('(')[0]}\``;
  }
}

function ownerMatches(o: string, name: string, owner: string): boolean {
  return o === owner || o === name || o.endsWith(`:${name}`);
}

function ownerPages(nodes: NodeSnapshot[], name: string, owner: string): { node: number; pages: number }[] {
  const out: { node: number; pages: number }[] = [];
  for (const n of nodes) {
    const pages = n.owners.filter((o) => ownerMatches(o.owner, name, owner)).reduce((a, o) => a + o.pages, 0);
    if (pages > 0) out.push({ node: n.id, pages });
  }
  return out;
}

function placingSteps(run: RunResult, name: string, owner: string, upTo: number): StepRecord[] {
  return run.steps.filter((s) => s.index <= upTo && s.placements.some((p) => ownerMatches(p.owner, name, owner)) && s.explain.length);
}

function statementSection(run: RunResult, steps: StepLookup, stmt: Span): string | undefined {
  const records = steps.recordsOf(stmt);
  const last = records[records.length - 1];
  // a diagnostics-only run (large files) records no steps: say nothing rather than "not executed"
  if (!last) return run.steps.length ? `Under ${run.design}: not executed.` : undefined;
  const many = records.length > 1 || last.count > 1;
  const inferred = inferencesOf(run, records, stmt);
  const mark = inferred.length ? ` ${INFERRED_MARK}` : '';
  const lines = [`Under **${run.design}**: ${many ? `executed ${last.count}×: ${formatTally(outcomeTally(records))}` : outcomeText(last)}${mark}`];
  const where = formatPlacements(placementsByNode(records));
  if (where) lines.push('', `Pages: ${where}`);
  if (last.explain.length) {
    lines.push('', 'Why:');
    for (const e of last.explain.slice(0, 10)) lines.push(`- ${e}`);
  }
  if (inferred.length) {
    lines.push('', `*${INFERRED_LEGEND}:*`);
    for (const t of inferred) lines.push(`- ${t}`);
  }
  return lines.join('\n');
}

function expectSection(ctx: FeatureContext, e: ExpectStmt): string | undefined {
  const run = ctx.run;
  const text = ctx.stat.text.slice(e.span.start, e.span.end).trim();
  if (!run) return `\`${text}\`: *simulation running…*`;
  const r = run.expectations.find((x) => x.span.start === e.span.start);
  if (!r) return `\`${text}\`: not reached under ${ctx.design}`;
  if (r.skipped) return `\`${text}\`: skipped under ${ctx.design} (not in its \`under\` list)`;
  // the one expectation rule (run/result.ts): outside the file's own design, an unqualified expectation binds nothing
  const verdict = r.notBinding ? `${r.passed ? '(✓) would hold' : '(✗) would fail'} under ${ctx.design}, **not binding** here: without \`under\` it binds only under the file's own design` : `${r.passed ? '✓ holds' : '✗ **fails**'} under ${ctx.design}`;
  const observed = readsSubject(e) ? `\n- observes: ${observedText(ctx, e)}` : '';
  return `${verdict}\n\n- expected: \`${text.replace(/^expect\s+/, '')}\`\n- actual: ${r.actual ?? (r.passed ? 'as expected' : 'not as expected')}${observed}`;
}

/** the forms that read the statement before them (the others read the machine) */
const readsSubject = (e: ExpectStmt): boolean => SUBJECT_FORMS.has(e.body.form);

/**
 * Which statement the expectation observes (the front end's choice, model/lowering/statements.ts:
 * the last line before it in its body that is not an expectation line), as "line N `text`".
 */
function observedText(ctx: FeatureContext, e: ExpectStmt): string {
  const subject = subjectOf(ctx.stat.program.items, e.span.start);
  if (subject === undefined) return 'no statement before it in its block: whatever ran last before it';
  const line = ctx.stat.lineIndex.positionAt(subject.start).line + 1;
  const first = ctx.stat.text.slice(subject.start, subject.end).split(/\r?\n|\r/)[0].trim();
  return `line ${line} \`${first.length > 60 ? `${first.slice(0, 57)}...` : first}\``;
}

/** the subject of the expectation that starts at `start`, with the text's positions */
function subjectOf(items: readonly TimelineItem[], start: number): Span | undefined {
  const find = (stmts: readonly (Stmt | TimelineItem)[], base: number): Span | undefined => {
    for (const s of stmts) {
      if (s.span.start + base > start) return undefined;
      if (s.kind === 'expect' && s.span.start + base === start) return s.subject && { start: s.subject.start + base, end: s.subject.end + base };
      // a block's body is placed by its bodyShift (ADR 0023); a loop's is its block's
      if ('body' in s && s.span.end + base >= start) return find(s.body, s.kind === 'task' || s.kind === 'kernel' || s.kind === 'device' ? bodyBase(s) : base);
    }
    return undefined;
  };
  return find(items, 0);
}
