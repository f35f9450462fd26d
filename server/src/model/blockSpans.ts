/**
 * The positions inside a block's body (docs/adr/0023-moved-blocks-keep-their-body.md). The
 * incremental front end (model/relower.ts) reuses a task, kernel or device block after an edit as a
 * copy of the block object alone: its own spans (`span`, `headerSpan`) moved by the edit's length,
 * its `body` the same array as before, and `bodyShift` saying how far the block has moved since
 * that body was lowered. A block lowered afresh has no `bodyShift` (0): its body's positions are
 * the text's. So an edit no longer copies the IR of every block after it.
 *
 * Every reader of a position inside a body goes through here: `bodyBase` (what to add),
 * `absoluteBody` / `absoluteItem` (copies with the text's positions, for readers off the run's
 * path), or the statement plans (run/plan.ts: placed at the block's offset once per body).
 */
import { withSpansShifted } from '../common/shiftSpans';
import { shiftedSpan } from '../common/span';
import { DeviceBlock, KernelBlock, Stmt, TaskBlock, TimelineItem } from './ir';

export type Block = TaskBlock | KernelBlock | DeviceBlock;

/** what to add to a position inside the block's body to get the text's */
export function bodyBase(block: Block): number {
  return block.bodyShift ?? 0;
}

/** the block's body with the text's positions: the body itself when the block never moved, else a copy */
export function absoluteBody(block: Block): Stmt[] {
  return withSpansShifted(block.body, bodyBase(block));
}

/** the item with every position the text's (a block that moved: a copy with its body placed) */
export function absoluteItem(item: TimelineItem): TimelineItem {
  if (!('body' in item) || !item.bodyShift) return item;
  const out = { ...item, body: absoluteBody(item) };
  delete out.bodyShift;
  return out;
}

/**
 * The block moved by `delta` (an edit before it): its own spans moved, its body the same array,
 * its `bodyShift` grown by delta (left out when the moves cancel: the block is then, key for key,
 * the one a lowering from scratch makes).
 */
export function movedBlock(block: Block, delta: number): Block {
  const shift = bodyBase(block) + delta;
  // a spread, its keys in the block's order; the block's only objects besides the body are its two
  // spans (the type check below fails the build when a block gains another): an edit near the top
  // of a long document moves every block after it, and the generic walk (common/shiftSpans.ts) cost
  // 1 us each. (The copy has a class of its own, as the literal copies of the lowering's extended
  // blocks had: a run reads a block once, not per statement; ADR 0037)
  const out: Block = { ...block, span: shiftedSpan(block.span, delta), headerSpan: shiftedSpan(block.headerSpan, delta) };
  // (the key is the block's last: deleting it undoes its addition)
  if (shift !== 0) out.bodyShift = shift;
  else delete out.bodyShift;
  return out;
}

/**
 * the keys `movedBlock` changes: its two spans (moved), its body (kept) and `bodyShift`. Every other
 * key of a moved block is the block's own, unchanged (run/incremental.ts compares them alone)
 */
export const MOVED_BLOCK_KEYS: ReadonlySet<string> = new Set(['span', 'headerSpan', 'body', 'bodyShift']);

/** the keys of a block whose values may be objects: `movedBlock` moves exactly `span` and `headerSpan` and keeps `body` */
type ObjectKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends object ? K : never }[keyof T];
const onlySpansAndBody: [Exclude<ObjectKeys<TaskBlock> | ObjectKeys<KernelBlock> | ObjectKeys<DeviceBlock>, 'span' | 'headerSpan' | 'body'>] extends [never] ? true : false = true;
void onlySpansAndBody;
