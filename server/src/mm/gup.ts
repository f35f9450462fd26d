/**
 * mm/gup.c pin_user_pages(): pins fault missing pages in (FOLL_WRITE), and a
 * FOLL_LONGTERM pin first migrates unpinnable folios away
 * (check_and_migrate_movable_folios). folio_is_longterm_pinnable (v4 p20): a
 * private node pins in place only with NP_OPS_LONGTERM_PIN (decided before the
 * ZONE_MOVABLE test); otherwise the folio is migrated with alloc_migration_target
 * (nid = the folio's node, GFP_USER|__GFP_NOWARN, no __GFP_PRIVATE, __GFP_MOVABLE
 * cleared by the pin context), which lands on DRAM through the private node's
 * fallback list; without NP_OPS_MIGRATION the unmap is refused and the pin fails
 * with -ENOMEM. Stock: ZONE_MOVABLE pages are migrated to a non-movable zone. A design whose
 * `longterm_pin` is `fail` (the zonelist selector, RFC v5) never migrates: a private folio
 * without LTPIN makes the pin fail and stays.
 */
import { NP_OPS } from '../vocab/npops';
import { isNode } from './extents';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mapping, Mm, Task } from './machine';
import { touchRange } from './memory';
import { migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';
import { servicesGated } from './designs';

export interface PinResult {
  errno?: string;
  migrated: number;
  /** nodes whose pages could not be pinned */
  failedNodes: number[];
  migratedFrom: number[];
}

function longtermPinnable(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  if (!n) return false;
  if (n.state === 'private' && servicesGated(mm.design)) return !!n.ops && (n.ops.flags & NP_OPS.NP_OPS_LONGTERM_PIN) !== 0;
  return n.zone !== 'movable';
}

export const PIN_MIGRATE_GFP = GFP_COMPOSITE.GFP_USER | GFP.__GFP_NOWARN;

export function pinRange(mm: Mm, task: Task, m: Mapping, a: number, b: number, longterm: boolean): PinResult {
  const res: PinResult = { migrated: 0, failedNodes: [], migratedFrom: [] };
  const missing = m.set.counts(a, b);
  const present = [...missing.entries()].filter(([v]) => isNode(v)).reduce((s, [, c]) => s + c, 0);
  if (present < b - a) {
    const f = touchRange(mm, task, m, a, b, true, 0);
    if (f.failed > 0) return { ...res, errno: 'ENOMEM' };
  }
  if (longterm) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const bad = [...m.set.counts(a, b).keys()].filter((v) => isNode(v) && !longtermPinnable(mm, v));
      if (bad.length === 0) break;
      for (const nid of bad) {
        // LTPIN absent (zonelist-selector / v5 node_private.h): the pin fails and the folio stays
        const noMigrate = mm.design.longtermPin === 'fail' && mm.node(nid)?.state === 'private';
        if (noMigrate || !nodeAllowsMigrate(mm, nid)) {
          if (noMigrate) mm.tracer.line(`pin(FOLL_LONGTERM): node ${nid} is private without LTPIN: the pin fails, no migrate-then-pin${mm.design.inferred.has('longtermPin') ? ' [inferred]' : ''}`);
          if (!res.failedNodes.includes(nid)) res.failedNodes.push(nid);
          continue;
        }
        const segs = segmentsOf(m, a, b, (v) => v === nid);
        const r = migrateToNode(mm, nid, segs, 'longterm_pin', PIN_MIGRATE_GFP, undefined, true);
        if (r.moved && mm.node(nid)?.state === 'private')
          mm.inferred(`inferred (kernel-rules §5.9): alloc_migration_target(node ${nid}, GFP_USER) has no __GFP_PRIVATE, so the copy lands through the private node's fallback list`);
        res.migrated += r.moved;
        if (r.moved && !res.migratedFrom.includes(nid)) res.migratedFrom.push(nid);
      }
      if (res.failedNodes.length) break;
    }
    const still = [...m.set.counts(a, b).keys()].filter((v) => isNode(v) && !longtermPinnable(mm, v));
    if (res.failedNodes.length || still.length) {
      for (const s of still) if (!res.failedNodes.includes(s)) res.failedNodes.push(s);
      return { ...res, errno: 'ENOMEM' };
    }
  }
  const [i, j] = m.set.carve(a, b);
  for (let x = i; x < j; x++) m.set.extents[x].pins++;
  return res;
}

export function unpinRange(mm: Mm, m: Mapping, a: number, b: number): void {
  const [i, j] = m.set.carve(a, b);
  for (let x = i; x < j; x++) if (m.set.extents[x].pins > 0) m.set.extents[x].pins--;
  m.set.coalesce(i - 1, j);
}
