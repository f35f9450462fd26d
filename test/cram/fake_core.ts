/**
 * A minimal stand-in for the emulator core, implementing node_private.ts's ServiceApi the way the
 * contract describes it, so the CRAM service can be tested as a unit: a DRAM node with a fixed
 * number of free pages, a CRAM node, interrupts routed back to the service, batches moved in
 * chunks cut at the device's edges (media.room), diagnostics and counters recorded.
 */
import type { DiagnosticCode } from '../../server/src/common/diagnostics';
import type { CramService } from '../../server/src/mm/cram';
import type { AllocOutcomeApi, AllocRequestApi, BatchRun, MigrateOptions, MigrationBatch, NodePrivateOps, ServiceApi, WriteFault } from '../../server/src/mm/node_private';
import { CRAM_CALLBACKS, CRAM_OPS } from '../../server/src/vocab/npops';

export interface FakeDecl {
  sizeBytes: number;
  mediaBytes?: number;
  ratio?: number;
  watermarks?: { low: number; high: number };
}

export class FakeCore implements ServiceApi {
  readonly design = 'private_v4';
  service!: CramService;
  diags: { code: DiagnosticCode; message: string }[] = [];
  stats = new Map<string, number>();
  boost = 0;
  kswapdStarted = false;
  kswapdWakes = 0;
  dramFree: number;
  ops: NodePrivateOps = { flags: CRAM_OPS, callbacks: [...CRAM_CALLBACKS] };
  sysctls = new Map<string, number>();
  writeProtected = 0;
  cramUsed = 0;

  constructor(
    readonly cramNid: number,
    readonly decl: FakeDecl,
    dramFreePages: number,
  ) {
    this.dramFree = dramFreePages;
  }

  // --- ServiceApi
  allocPages(req: AllocRequestApi): AllocOutcomeApi {
    const n = Math.min(req.count, this.dramFree);
    this.dramFree -= n;
    return { placed: n ? [{ node: req.nid, pages: n }] : [], failed: req.count - n, explain: [] };
  }
  freePages(): void {}
  startKswapd(): void {
    this.kswapdStarted = true;
  }
  stopKswapd(): void {
    this.kswapdStarted = false;
  }
  kswapd(): number {
    return 0;
  }
  reclaim(): number {
    return 0;
  }
  setWatermarkBoost(_nid: number, pages: number): void {
    this.boost = pages;
  }
  wakeKswapd(): void {
    this.kswapdWakes++;
  }
  managedPages(): number {
    return Math.floor(this.decl.sizeBytes / 4096);
  }
  freePagesOf(): number {
    return this.managedPages() - this.cramUsed;
  }
  usedPagesOf(): number {
    return this.cramUsed;
  }
  refreshDemotion(): void {}
  releaseDeferred(): void {}
  interrupt(nid: number, level: 'low' | 'high'): void {
    this.service.onInterrupt(this, nid, level);
  }
  count(stat: string, n: number): void {
    this.stats.set(stat, (this.stats.get(stat) ?? 0) + n);
  }
  diagnostic(code: DiagnosticCode, message: string): void {
    this.diags.push({ code, message });
  }
  diagnosticAt(_span: unknown, code: DiagnosticCode, message: string): void {
    this.diags.push({ code, message });
  }
  explain(): void {}
  trace(): void {}
  random(): number {
    return 0.5;
  }
  nodeSpan() {
    return { start: 0, end: 1 };
  }
  nodeDecl() {
    return { kind: 'cram' as const, ...this.decl };
  }
  sysctl(key: string): number | undefined {
    return this.sysctls.get(key);
  }
  nodeOps(): NodePrivateOps {
    return this.ops;
  }
  writeProtect(): number {
    const n = this.service.deviceStats()?.writablePages ?? 0;
    this.writeProtected += n;
    return n;
  }

  // --- helpers playing the core's side of the contract
  stat(name: string): number {
    return this.stats.get(name) ?? 0;
  }
  codes(): string[] {
    return this.diags.map((d) => d.code);
  }

  /** a demotion/move batch, moved in chunks cut at media.room() edges, polling stopWhen */
  batch(runs: BatchRun[], reason: MigrationBatch['reason'] = 'demotion'): MigrationBatch & { moved: number } {
    const core = this;
    const b = {
      nid: this.cramNid,
      reason,
      mode: reason === 'demotion' ? ('async' as const) : ('sync' as const),
      offered: runs.reduce((n, r) => n + r.pages, 0),
      runs,
      moved: 0,
      migrate(opts: MigrateOptions): number {
        let movedNow = 0;
        for (const run of runs) {
          let left = run.pages;
          while (left > 0) {
            if (opts.stopWhen?.()) return movedNow;
            const room = core.service.media.room!(core.cramNid, run.ratio);
            const chunk = Math.max(1, Math.min(left, room));
            const free = core.managedPages() - core.cramUsed;
            const n = Math.min(chunk, free);
            if (n <= 0) return movedNow;
            core.cramUsed += n;
            core.service.media.store(core, core.cramNid, n, run.ratio);
            left -= n;
            movedNow += n;
            b.moved += n;
          }
        }
        return movedNow;
      },
    };
    return b;
  }

  /** a write fault on `pages` read-only CRAM pages of ratio `ratio` by a task on node 0 */
  fault(pages: number, ratio: number): { result: string; promoted: number } {
    const core = this;
    let promoted = 0;
    const f: WriteFault = {
      nid: this.cramNid,
      pages,
      cpuNode: 0,
      task: 't',
      promote(opts) {
        const out = core.allocPages({ nid: opts.nid ?? 0, gfp: opts.gfp, order: 0, count: pages, owner: 'x', path: 'promote' });
        promoted = out.placed.reduce((n, p) => n + p.pages, 0);
        core.cramUsed -= promoted;
        core.service.media.erase(core, core.cramNid, promoted, ratio);
        return promoted;
      },
    };
    const result = this.service.handle_fault(this, f);
    return { result, promoted };
  }
}
