/**
 * Incremental lowering (docs/adr/0017-incremental-front-end.md): the lowering of an edited text made
 * from the lowering of the version before, when the parse was made incrementally
 * (syntax/reparse.ts). The answer is the one `lower` gives from scratch; undefined when this cannot
 * vouch for it (the caller then lowers the whole file).
 *
 * What lowering a task, kernel or device block reads, besides its own tree: the declarations
 * (designs, params, nodes, cgroups: passes 0 and 1, run again here, cheap), the syntax
 * diagnostics inside it, and the state the blocks before it left: the variables (model/scope.ts),
 * the task names and each task's first header. What it changes in that state is recorded
 * (LowerEffect) with its IR and diagnostics (ItemRecord, model/lower.ts). So:
 *  - every declaration stands before the edited items (else: from scratch), so no position a
 *    block can see moves but those of the blocks after the edit;
 *  - the blocks before the edit are reused as they were (the same objects): the state they leave is
 *    restored from the nearest checkpoint at or before the edit (the state a lowering had after some
 *    items: model/lower.ts LoweringCheckpoint), and the effects of the blocks after that checkpoint
 *    replayed; a checkpoint is taken at every edit, so typing at one place replays nothing, and an
 *    edit elsewhere replays the items since the nearest one (ADR 0037);
 *  - the re-parsed items, top-level expectations and error lines are lowered again;
 *  - a block after the edit is reused (moved by the edit's length: its own spans and diagnostics;
 *    its body and effects stay the same arrays, its `bodyShift` and the record's `effectsShift`
 *    grow, ADR 0023) while the variables, task names
 *    and headers the blocks before it left are the old ones but for positions moved, except for
 *    variables it never read (a changed `mmap(4M)` size changes the variable `a` of one task: only
 *    the blocks that read that `a` are lowered again). Once the blocks before it assigned other
 *    names, or in another order, every later block is lowered again. Such a block's IR and
 *    diagnostics are appended; the state it leaves (its variables, its task) is made only when an
 *    item after it is lowered again, which mostly none is.
 */
import { ownStrings, withSpansMoved } from '../common/shiftSpans';
import { movedBlock } from './blockSpans';
import { Span } from '../common/span';
import { budgetUsed, charge, spentBudget, StaticBudget, withStaticBudget } from '../common/staticBudget';
import * as ast from '../syntax/ast';
import { itemAt, itemCount, itemKind, itemSpan, ParseResult } from '../syntax/parser';
import { Reparse } from '../syntax/reparse';
import { spendSuggestionUnits, suggestionUnitsLeft } from '../syntax/suggest';
import { effectsOf, ItemRecord, keepRecords, LowerOptions, LowerRecords, LowerResult, LoweringCheckpoint, recordsOf, startLowering } from './lower';
import { Program, TimelineItem } from './ir';
import { LowerEffect } from './lowering/context';

const DECLARATIONS = new Set<ast.TopItem['kind']>(['Scenario', 'Design', 'NodeDecl', 'Distance', 'Swap', 'Cgroup', 'Sysctl', 'Param']);
const REUSABLE = new Set<ast.TopItem['kind']>(['TaskBlock', 'KernelBlock', 'DeviceBlock']);

/**
 * test only: reuse the IR of the blocks after the edit without moving it (`unmoved`), or move a
 * block's own spans but leave its bodyShift as it was (`staleShift`), leave the record's
 * effectsShift as it was (`staleEffects`), never make the state the blocks reused after the edit
 * leave (`lostScopes`), or keep the checkpoints taken after an edit (`staleCheckpoints`); the
 * equivalence test shows each is caught
 */
export const relowerTestHooks = { unmoved: false, staleShift: false, staleEffects: false, lostScopes: false, staleCheckpoints: false };

/**
 * checkpoints kept per document: the one at the last edit (typing at one place uses it), and others
 * spread over the document (each costs the tables of its variables and the item list so far,
 * natively copied: about 80 bytes an item, 160 KB at the end of a 20,000-line document)
 */
export const MAX_CHECKPOINTS = 16;
/** a replay of more items than this takes a checkpoint every this many (the next edit above the last one replays no more) */
export const CHECKPOINT_EVERY = 128;

/** what relower did (tests and the bench read it) */
export interface RelowerReport {
  /** blocks reused before and after the edit, and items lowered again */
  reused: number;
  lowered: number;
  /** items before the edit whose state came from a checkpoint, and items before it replayed */
  restored: number;
  replayed: number;
}

export function relower(parse: ParseResult, re: Reparse, oldParse: ParseResult, old: Program, opts: LowerOptions, report?: RelowerReport): LowerResult | undefined {
  const recs = recordsOf(old);
  if (!recs || recs.stopped || recs.workspace !== opts.workspaceDesigns) return undefined;
  // the trees of the items after the edit are read only when they are lowered again (itemAt)
  const oldCount = itemCount(oldParse);
  const count = itemCount(parse);
  if (recs.records.length !== oldCount) return undefined;
  for (let i = re.first; i < oldCount; i++) if (DECLARATIONS.has(itemKind(oldParse, i))) return undefined;
  for (let i = re.first; i < re.newEnd; i++) if (DECLARATIONS.has(itemKind(parse, i))) return undefined;

  const { p, q, delta } = re;
  // where an old position is in the new text; a position inside the edit has none (`lost`)
  let lost = false;
  const move = (o: number): number => {
    if (o < p) return o;
    if (o >= q) return o + delta;
    lost = true;
    return o;
  };
  const moved = <T>(v: T): T => (delta === 0 ? v : withSpansMoved(v, move));
  // a block moved keeps its body, the same array, and notes how far it moved (model/blockSpans.ts, ADR 0023)
  const movedItem = (it: TimelineItem): TimelineItem => {
    if (delta === 0) return it;
    if (!('body' in it)) return moved(it);
    const b = movedBlock(it, delta);
    if (relowerTestHooks.staleShift) b.bodyShift = it.bodyShift;
    return b;
  };

  const declarations: ast.TopItem[] = [];
  for (let i = 0; i < re.first; i++) if (DECLARATIONS.has(itemKind(parse, i))) declarations.push(itemAt(parse, i));
  const L = startLowering(parse.text, parse.diagnostics, declarations, opts);
  // what pass 2 spends from here (a checkpoint records its share)
  const unitsFrom = budgetUsed() ?? 0;
  const suggestionsFrom = suggestionUnitsLeft() ?? 0;
  const unmetered = new StaticBudget(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const records: ItemRecord[] = [];
  const stats: RelowerReport = { reused: 0, lowered: 0, restored: 0, replayed: 0 };
  /** assignments made so far (the next one's seq) */
  let defines = 0;
  /** blocks before here left the old state (positions moved) but for the variables in `dirty` */
  let synced = true;
  const dirty = new Set<number>();

  const item = (i: number) => ({ kind: itemKind(parse, i), span: itemSpan(parse, i) });
  const reuse = (i: number, r: ItemRecord): void => {
    withStaticBudget(unmetered, () => L.replay(item(i), r));
    // what it spent when it was lowered: the budgets run out where they would from scratch
    charge(r.units);
    spendSuggestionUnits(r.suggestionUnits);
    records.push(r);
    defines += countDefines(r.effects);
    stats.reused++;
  };
  /**
   * blocks reused after the edit, appended to the result but not replayed yet: only an item lowered
   * again after them reads the state they leave, and mostly none is (the scopes of every variable,
   * rebuilt per version, were the largest allocation of an edit)
   */
  const pending: number[] = []; // (their item numbers: records[i] is item i's)
  const fresh = (i: number): ItemRecord | undefined => {
    if (pending.length) {
      if (!relowerTestHooks.lostScopes)
        withStaticBudget(unmetered, () => {
          for (const j of pending) L.replayState(item(j), records[j]);
        });
      pending.length = 0;
    }
    const r = L.lowerItem(itemAt(parse, i));
    if (!r) return undefined;
    // kept for later versions: its strings must not keep this version's text alive
    ownStrings(r);
    records.push(r);
    stats.lowered++;
    return r;
  };
  /** compares what new items did with what the old ones did; false when the state parted structurally */
  const compare = (now: LowerEffect[], before: LowerEffect[]): void => {
    if (!synced) return;
    const a = now.filter((e) => e.kind !== 'paramUse');
    const b = before.filter((e) => e.kind !== 'paramUse');
    if (a.length !== b.length) return void (synced = false);
    for (let j = 0; j < a.length; j++) {
      const x = a[j];
      const y = b[j];
      if (x.kind === 'define' && y.kind === 'define') {
        if (x.scope !== y.scope || x.name !== y.name || x.varKind !== y.varKind) return void (synced = false);
        if (x.sizeBytes !== y.sizeBytes || !sameMovedSpan(x.span, y.span)) dirty.add(defines);
        defines++;
      } else if (x.kind === 'task' && y.kind === 'task') {
        if (x.name !== y.name || !sameMovedSpan(x.header, y.header)) return void (synced = false);
      } else return void (synced = false);
    }
  };
  const sameMovedSpan = (now: Span, before: Span): boolean => {
    lost = false;
    const s = move(before.start);
    const e = move(before.end);
    return !lost && s === now.start && e === now.end;
  };

  // before the edit: the same blocks, the same state (restored from the nearest checkpoint, the rest replayed)
  const kept = recs.checkpoints ?? [];
  const from = nearest(kept, re.first);
  let first = 0;
  if (from && L.restore(from)) {
    charge(from.units);
    spendSuggestionUnits(from.suggestionUnits);
    for (let i = 0; i < from.items; i++) records.push(recs.records[i]);
    defines = from.scopes.defined;
    first = stats.restored = from.items;
  }
  // (the state after `items` items, for a later edit at or after them: the items before are the same objects there)
  const checkpointAt = (items: number): LoweringCheckpoint => L.checkpoint(items, (budgetUsed() ?? 0) - unitsFrom, suggestionsFrom - (suggestionUnitsLeft() ?? 0));
  const taken: LoweringCheckpoint[] = [];
  for (let i = first; i < re.first; i++) {
    if (i > first && (i - first) % CHECKPOINT_EVERY === 0) taken.push(checkpointAt(i));
    if (REUSABLE.has(itemKind(parse, i))) reuse(i, recs.records[i]);
    else if (!fresh(i)) return undefined;
    stats.replayed++;
  }
  const here = from && first === re.first ? from : checkpointAt(re.first);
  const checkpoints = spread([here, ...taken, ...kept.filter((c) => c !== here && (c.items <= re.first || relowerTestHooks.staleCheckpoints))]);
  // the edited items
  const before = defines;
  const regionNow: LowerEffect[] = [];
  for (let i = re.first; i < re.newEnd; i++) {
    const r = fresh(i);
    if (!r) return undefined;
    regionNow.push(...r.effects);
  }
  const regionBefore: LowerEffect[] = [];
  for (let i = re.first; i < re.oldEnd; i++) regionBefore.push(...effectsOf(recs.records[i]));
  defines = before;
  compare(regionNow, regionBefore);
  if (!synced) defines = before + countDefines(regionNow);
  // after the edit: reused while the state they read is the old one, moved
  let units = 0;
  let suggestionUnits = 0;
  for (let i = re.newEnd; i < count; i++) {
    const r = recs.records[i - re.newEnd + re.oldEnd];
    if (synced && REUSABLE.has(itemKind(parse, i)) && (dirty.size === 0 || !r.reads.some((s) => dirty.has(s)))) {
      lost = false;
      const m: ItemRecord = { ir: relowerTestHooks.unmoved ? r.ir : r.ir.map(movedItem), diagnostics: r.diagnostics.length ? moved(r.diagnostics) : r.diagnostics, effects: r.effects, effectsShift: (r.effectsShift ?? 0) + (relowerTestHooks.staleEffects ? 0 : delta), reads: r.reads, units: r.units, suggestionUnits: r.suggestionUnits };
      if (lost) return undefined; // cannot happen: such a block read a variable the edit changed
      L.append(m);
      units += m.units;
      suggestionUnits += m.suggestionUnits;
      pending.push(i);
      records.push(m);
      defines += countDefines(m.effects);
      stats.reused++;
      continue;
    }
    // (what the blocks before it spent, before it spends: the budgets run out where they would from scratch)
    charge(units);
    spendSuggestionUnits(suggestionUnits);
    units = suggestionUnits = 0;
    const now = fresh(i);
    if (!now) return undefined;
    const at = defines;
    compare(now.effects, effectsOf(r));
    if (!synced) defines = at + countDefines(now.effects);
  }
  charge(units);
  spendSuggestionUnits(suggestionUnits);
  if (spentBudget()) return undefined;
  const result = L.finish();
  const keptNow: LowerRecords = { head: L.head, records, stopped: false, ...(opts.workspaceDesigns ? { workspace: opts.workspaceDesigns } : {}), checkpoints };
  keepRecords(result, keptNow);
  if (report) Object.assign(report, stats);
  return result;
}

/**
 * at most MAX_CHECKPOINTS of `list`: its first (the one at the last edit) and, of the others, those
 * spread widest over the items (the one nearest the one before it goes first)
 */
function spread(list: LoweringCheckpoint[]): LoweringCheckpoint[] {
  const [first, ...others] = list;
  // one per place (the first one's there stays)
  const places = new Set([first.items]);
  const rest = others.filter((c) => !places.has(c.items) && places.add(c.items));
  rest.sort((a, b) => a.items - b.items);
  const gap = (j: number): number => rest[j].items - (j > 0 ? rest[j - 1].items : 0);
  while (rest.length > MAX_CHECKPOINTS - 1) {
    let worst = 0;
    for (let j = 1; j < rest.length; j++) if (gap(j) < gap(worst)) worst = j;
    rest.splice(worst, 1);
  }
  return [first, ...rest];
}

/** the checkpoint of the most items at or before item `first` */
function nearest(kept: readonly LoweringCheckpoint[], first: number): LoweringCheckpoint | undefined {
  let best: LoweringCheckpoint | undefined;
  for (const c of kept) if (c.items <= first && (!best || c.items > best.items)) best = c;
  return best;
}

function countDefines(effects: LowerEffect[]): number {
  let n = 0;
  for (const e of effects) if (e.kind === 'define') n++;
  return n;
}

