/**
 * What CRAM needs from the core beyond node_private.ts's ServiceApi / NodeService, as OPTIONAL
 * extensions: the service works without them (degrading to the v4 behaviour it can express) and
 * uses them when the core provides them. The core engineer wires them; each says which kernel
 * path it models.
 *
 * Core side, precisely (file: what to call / where):
 *  - migrate.ts moveRemap: on a PROTECT_WRITE target, BEFORE mediaStore, g =
 *    cram/core_glue.ts writableOnArrival(mm, node, pages); remap the FIRST g pages with wp=false,
 *    the rest wp=true (cram.writable_fraction; g = 0 when the sysctl is unset: v4 unchanged).
 *  - services.ts serviceApi: `writeProtect: (nid) => writeProtectNode(mm, nid)` (core_glue.ts):
 *    back-pressure revokes writable mappings first.
 *  - memory.ts handleWriteFaults: promote only the wp segments (writable CRAM pages are written in
 *    place, not promoted), and do not rewrite in place (media.rewrite) pages that stay wp after a
 *    VM_FAULT_RETRY: the write did not happen.
 *  - vmscan.ts shrinkNode (kswapd on a CRAM node): cut each swap-out at media.releaseRoom() and
 *    stop once free >= high + boost (the high interrupt set boost 0).
 *  - boot attach: missing-callback belongs on the node's declaration: offer `diagnosticAt`, or
 *    call cramCallbackGaps(nid, ops) (mm/cram.ts) where simulate.ts checks free_folio today.
 */
import type { DiagnosticCode, RelatedInfo } from '../../common/diagnostics';
import type { Span } from '../../common/span';
import type { MediaHooks, NodePrivateOps, NodeService, ServiceApi } from '../node_private';

/** Calls the service may make on the core, when present. */
export interface CramCoreApi extends ServiceApi {
  /** the node's current ops (flags + callbacks), after node_private_set_ops; undefined = none */
  nodeOps?(nid: number): NodePrivateOps | undefined;
  /**
   * "Loosened read-only" CRAM: revoke every writable mapping of the node's pages (the PTE fixup of
   * the future-work text, SEED:003): from now on writes to them fault into handle_fault.
   * Returns the number of pages revoked.
   */
  writeProtect?(nid: number): number;
  /**
   * wakeup_kswapd() without running it now: the core runs the node's kswapd when the statement's
   * own work is done, still within the step (cram_set_pressure wakes kswapd; the IRQ thread does
   * not reclaim itself, §8.5). Without it CRAM relies on setWatermarkBoost waking kswapd, as
   * the kernel's boost does.
   */
  wakeKswapd?(nid: number): void;
  /** a diagnostic on a given span (attach() at boot has no statement: missing-callback goes on the node) */
  diagnosticAt?(span: Span, code: DiagnosticCode, message: string, related?: RelatedInfo[]): void;
}

/** Hooks the core may call on the CRAM service, beyond NodeService. */
export interface CramServiceExt extends NodeService {
  /**
   * Pages arriving on a PROTECT_WRITE node are write-protected (remove_migration_pte strips the
   * write bit). With `cram.writable_fraction` some stay writable: the core asks how many of the
   * `pages` arriving now keep a writable mapping (the first ones of the arrival, in LRU order).
   * Called before their media is stored.
   */
  writableOnArrival?(api: ServiceApi, nid: number, pages: number): number;
  /** writable pages were revoked / left the node: the service's count of writable pages drops */
  writableGone?(api: ServiceApi, nid: number, pages: number): void;
  media?: CramMediaHooks;
}

export interface CramMediaHooks extends MediaHooks {
  /**
   * `pages` pages on the node were written IN PLACE (writable CRAM pages, or a cram node without
   * PROTECT_WRITE / handle_fault): their data changed from ratio `from` to ratio `to`.
   */
  rewrite?(api: ServiceApi, nid: number, pages: number, from: number, to: number): void;
  /**
   * How many pages of this ratio may LEAVE the node (swap-out, promotion, free) before the next
   * interrupt edge (the high one), Infinity when none is pending. kswapd's eviction at pressure
   * 1000 should cut its swap-out at this edge and re-check its goal (free >= high + boost): the
   * high interrupt drops the boost to 0 and balance_pgdat stops there (§8.5), instead of
   * evicting every compressed page.
   */
  releaseRoom?(nid: number, ratio: number): number;
}
