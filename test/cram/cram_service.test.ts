import * as assert from 'assert';
import { cramCallbackGaps, cramRegisteredOps, CRAM_MIGRATE_GFP, CRAM_PROMOTE_GFP, CRAM_PRESSURE_MAX } from '../../server/src/mm/cram';
import { CxlCompressionDriver } from '../../server/src/mm/cxl_compression';
import { GFP } from '../../server/src/vocab/gfp';
import { CRAM_CALLBACKS, CRAM_OPS, NP_OPS } from '../../server/src/vocab/npops';
import { FakeCore, FakeDecl } from './fake_core';

const G = 1 << 30;
const M = 1 << 20;
const PAGES = (bytes: number) => bytes / 4096;

function setup(decl: Partial<FakeDecl> = {}, dramFree = PAGES(1 * G)) {
  const core = new FakeCore(3, { sizeBytes: 4 * G, mediaBytes: 2 * G, ratio: 2, watermarks: { low: 0.1, high: 0.25 }, ...decl }, dramFree);
  const svc = new CxlCompressionDriver(3).cram;
  core.service = svc;
  svc.attach(core, 3);
  return { core, svc };
}

describe('cram service: registration (§8.2)', () => {
  it('registers CRAM_OPS and its callbacks, starts kswapd, makes its counters visible', () => {
    const { core, svc } = setup();
    assert.deepStrictEqual(cramRegisteredOps(), { flags: CRAM_OPS, callbacks: [...CRAM_CALLBACKS] });
    assert.strictEqual(core.kswapdStarted, true);
    assert.strictEqual(core.stats.get('cram_demote'), 0);
    assert.deepStrictEqual(core.codes(), [], 'the full CRAM ops lack nothing');
    assert.deepStrictEqual(svc.reclaim_policy(), { may_swap: true, may_writepage: true, managed_watermarks: true });
  });

  it('uses the allocators of mm/cram.c', () => {
    assert.ok(CRAM_MIGRATE_GFP & GFP.__GFP_THISNODE && CRAM_MIGRATE_GFP & GFP.__GFP_PRIVATE && CRAM_MIGRATE_GFP & GFP.__GFP_NORETRY);
    assert.strictEqual(CRAM_MIGRATE_GFP & GFP.__GFP_DIRECT_RECLAIM, 0, 'demotion into CRAM never direct-reclaims');
    assert.ok(CRAM_PROMOTE_GFP & GFP.__GFP_RETRY_MAYFAIL && CRAM_PROMOTE_GFP & GFP.__GFP_DIRECT_RECLAIM);
  });

  it('missing-callback: free_folio, migrate_to, handle_fault (with PROTECT_WRITE), reclaim_policy', () => {
    const gaps = cramCallbackGaps(3, { flags: NP_OPS.NP_OPS_DEMOTION | NP_OPS.NP_OPS_PROTECT_WRITE | NP_OPS.NP_OPS_RECLAIM, callbacks: ['folio_migrate'] });
    assert.deepStrictEqual(gaps.map((g) => g.callback), ['free_folio', 'migrate_to', 'handle_fault', 'reclaim_policy']);
    assert.match(gaps[0].message, /without being zeroed/);
    assert.match(gaps[1].message, /ENODEV/);
    const noWp = cramCallbackGaps(3, { flags: NP_OPS.NP_OPS_MIGRATION | NP_OPS.NP_OPS_DEMOTION, callbacks: ['migrate_to', 'folio_migrate', 'free_folio'] });
    assert.deepStrictEqual(noWp, [], 'handle_fault only matters with PROTECT_WRITE, reclaim_policy only with RECLAIM');

    const core = new FakeCore(3, { sizeBytes: 4 * G, mediaBytes: 2 * G }, 100);
    core.ops = { flags: CRAM_OPS, callbacks: ['migrate_to', 'folio_migrate', 'handle_fault', 'reclaim_policy'] };
    const svc = new CxlCompressionDriver(3).cram;
    core.service = svc;
    svc.attach(core, 3);
    assert.deepStrictEqual(core.codes(), [], 'raised on the declaration by the core, not at attach');
    assert.deepStrictEqual(svc.callbackGaps(3, core.ops).map((g) => g.callback), ['free_folio']);
  });
});

describe('cram service: entry by migrate_to (§8.3, §12 #31, #34)', () => {
  it('stores arriving pages on the device at their compression ratio', () => {
    const { core, svc } = setup();
    const b = core.batch([{ pages: PAGES(64 * M), ratio: 3 }]);
    assert.deepStrictEqual(svc.migrate_to(core, b), {});
    assert.strictEqual(b.moved, PAGES(64 * M));
    assert.strictEqual(svc.report().mediaUsedBytes, PAGES(64 * M) * 1366);
    assert.strictEqual(core.stat('cram_demote'), PAGES(64 * M));
  });

  it('ENODEV before registration, ENOSPC at pressure 1000', () => {
    const core = new FakeCore(3, { sizeBytes: 4 * G, mediaBytes: 2 * G }, 100);
    const svc = new CxlCompressionDriver(3).cram;
    core.service = svc;
    assert.deepStrictEqual(svc.migrate_to(core, core.batch([{ pages: 1, ratio: 2 }])), { error: 'ENODEV' });
    svc.attach(core, 3);
    svc.setPressure(core, CRAM_PRESSURE_MAX);
    assert.deepStrictEqual(svc.migrate_to(core, core.batch([{ pages: 1, ratio: 2 }])), { error: 'ENOSPC' });
    assert.strictEqual(core.stat('cram_migrate_refused'), 1);
    assert.strictEqual(svc.migrationBlocked(), true);
  });

  it('#34 pressure raised mid-batch: the batch stops at the page that crossed the low watermark', () => {
    // 2 GiB media at 2:1; low = 10% free => 1.8 GiB of media = 3.6 GiB of data fit above low
    const { core, svc } = setup();
    const offered = PAGES(4 * G) - 10;
    const b = core.batch([{ pages: offered, ratio: 2 }]);
    svc.migrate_to(core, b);
    const fit = Math.floor((2 * G - 0.1 * 2 * G) / 2048);
    assert.strictEqual(b.moved, fit + 1, 'the crossing page is stored, the next allocation returns NULL');
    assert.strictEqual(svc.isOpen(), false);
    assert.strictEqual(svc.pressure(), 1000);
    assert.strictEqual(core.boost, core.managedPages(), 'boost = all managed pages');
    assert.strictEqual(core.kswapdWakes, 1);
    assert.strictEqual(core.stat('cram_blocked_midbatch'), offered - fit - 1);
    assert.deepStrictEqual(core.codes(), ['cram-backpressure']);
    assert.match(core.diags[0].message, /closed to demotion/);
  });
});

describe('cram service: write faults (§8.4, §12 #35, #36)', () => {
  it('#35 promotes to the faulting CPU node when DRAM is free', () => {
    const { core, svc } = setup();
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 3 }]));
    const { result, promoted } = core.fault(10, 3);
    assert.strictEqual(result, 'done');
    assert.strictEqual(promoted, 10);
    assert.strictEqual(core.stat('cram_promote'), 10);
    assert.strictEqual(svc.report().mediaUsedBytes, 90 * 1366, 'promoted pages leave the media');
    assert.deepStrictEqual(core.codes(), ['cram-promotion']);
  });

  it('#36 returns VM_FAULT_RETRY when no DRAM is free; pages stay on CRAM', () => {
    const { core, svc } = setup({}, 0);
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 3 }]));
    const { result, promoted } = core.fault(10, 3);
    assert.strictEqual(result, 'retry');
    assert.strictEqual(promoted, 0);
    assert.strictEqual(core.stat('cram_promote_retry'), 1);
    assert.strictEqual(svc.report().mediaUsedBytes, 100 * 1366);
    assert.match(core.diags[0].message, /VM_FAULT_RETRY/);
    assert.match(core.diags[0].message, /never OOM-kills/);
  });
});

describe('cram service: back-pressure (§8.5, §12 #32, #33)', () => {
  it('fill crosses low: pressure 1000; raise(high): pressure 0 and boost 0', () => {
    const { core, svc } = setup();
    svc.migrate_to(core, core.batch([{ pages: 1000, ratio: 2 }]));
    svc.deviceStatement(core, 3, { op: 'fill', percent: 0.95 });
    assert.strictEqual(svc.pressure(), 1000);
    assert.strictEqual(svc.report().open, false);
    assert.ok((svc.report().mediaUsedBytes ?? 0) <= 2 * G);
    svc.deviceStatement(core, 3, { op: 'raise', level: 'high' });
    assert.strictEqual(svc.pressure(), 0);
    assert.strictEqual(core.boost, 0);
    assert.deepStrictEqual(core.codes(), ['cram-backpressure', 'cram-backpressure']);
    assert.match(core.diags[1].message, /forced/);
  });

  it('evicting pages (erase) recovers free media above high: the high interrupt reopens the node', () => {
    const { core, svc } = setup({ sizeBytes: 400 * 4096, mediaBytes: 100 * 4096, ratio: 1 });
    const b = core.batch([{ pages: 95, ratio: 1 }]);
    svc.migrate_to(core, b);
    assert.strictEqual(b.moved, 91, 'stopped after the page that left free media at 9%');
    assert.strictEqual(svc.isOpen(), false);
    core.service.media.erase(core, 3, 16, 1); // free 25%: not above high
    assert.strictEqual(svc.isOpen(), false);
    core.service.media.erase(core, 3, 1, 1);
    assert.strictEqual(svc.isOpen(), true);
    assert.strictEqual(core.stat('cram_pressure_high'), 1);
    assert.strictEqual(core.stat('cram_pressure_low'), 1);
  });

  it('set_ratio: data arriving later costs the new ratio; stored data keeps its cost', () => {
    const { core, svc } = setup();
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 2 }]));
    svc.deviceStatement(core, 3, { op: 'set_ratio', ratio: 4 });
    assert.strictEqual(svc.report().mediaUsedBytes, 100 * 2048);
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: svc.defaultRatio() }]));
    assert.strictEqual(svc.report().mediaUsedBytes, 100 * 2048 + 100 * 1024);
  });
});

describe('cram service: free path (§8.7, §12 #46)', () => {
  it('freed pages are zeroed: their media is released', () => {
    const { core, svc } = setup();
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 2 }]));
    assert.strictEqual(svc.free_folio(core, { nid: 3, pages: 100, owner: 'task:a' }), 0, 'no deferral: back to buddy');
    core.service.media.erase(core, 3, 100, 2);
    assert.strictEqual(svc.report().mediaUsedBytes, 0);
    assert.strictEqual(core.stat('cram_zeroed'), 100);
  });

  it('without free_folio, stale data keeps its media until the page is reused', () => {
    const core = new FakeCore(3, { sizeBytes: 4 * G, mediaBytes: 2 * G, ratio: 2 }, 100);
    core.ops = { flags: CRAM_OPS, callbacks: ['migrate_to', 'folio_migrate', 'handle_fault', 'reclaim_policy'] };
    const svc = new CxlCompressionDriver(3).cram;
    core.service = svc;
    svc.attach(core, 3);
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 1 }]));
    core.cramUsed -= 100;
    core.service.media.erase(core, 3, 100, 1);
    assert.strictEqual(svc.report().mediaUsedBytes, 100 * 4096, 'not zeroed: still on the media');
    assert.strictEqual(svc.deviceStats()!.stalePages, 100);
    svc.migrate_to(core, core.batch([{ pages: 40, ratio: 4 }]));
    assert.strictEqual(svc.report().mediaUsedBytes, 60 * 4096 + 40 * 1024, 'reuse overwrites stale pages');
  });
});

describe('cram service: writable fraction and media overflow (beyond v4)', () => {
  it('grants writable mappings up to the fraction; back-pressure revokes them first', () => {
    const core = new FakeCore(3, { sizeBytes: 400 * 4096, mediaBytes: 100 * 4096, ratio: 4 }, 1000);
    core.sysctls.set('cram.writable_fraction', 0.1);
    const svc = new CxlCompressionDriver(3).cram;
    core.service = svc;
    svc.attach(core, 3);
    assert.strictEqual(svc.writableOnArrival(core, 3, 200), 20, 'asked before the arrival is stored');
    svc.migrate_to(core, core.batch([{ pages: 200, ratio: 4 }])); // 50 pages of media
    assert.strictEqual(svc.writableOnArrival(core, 3, 0), 0, 'quota reached');
    // the writable pages are rewritten with random data: 20 x (4096 - 1024) = 15 more media pages
    core.service.media.rewrite!(core, 3, 20, 4, 1);
    assert.strictEqual(svc.report().mediaUsedBytes, 180 * 1024 + 20 * 4096);
    assert.strictEqual(core.stat('cram_write_inplace'), 20);
    assert.ok(svc.isOpen(), 'free 35%');
    // more in-place writes push free media under low: writable mappings are revoked first
    svc.migrate_to(core, core.batch([{ pages: 100, ratio: 4 }])); // +25 pages: free 10%
    assert.strictEqual(svc.isOpen(), true);
    svc.migrate_to(core, core.batch([{ pages: 4, ratio: 4 }]));
    assert.strictEqual(svc.isOpen(), false);
    assert.strictEqual(core.writeProtected, 20);
    assert.strictEqual(core.stat('cram_writable_revoked'), 20);
    assert.match(core.diags.find((d) => d.code === 'cram-backpressure')!.message, /20 writable mappings revoked first/);
    assert.strictEqual(svc.writableOnArrival(core, 3, 10), 0, 'no writable arrivals under pressure');
  });

  it('cram-media-overflow: in-place writes of incompressible data exhaust media while the node has free pages', () => {
    const { core, svc } = setup({ sizeBytes: 400 * 4096, mediaBytes: 100 * 4096, ratio: 4, watermarks: { low: 0.1, high: 0.25 } });
    svc.migrate_to(core, core.batch([{ pages: 200, ratio: 4 }]));
    core.service.media.rewrite!(core, 3, 200, 4, 1);
    const codes = core.codes();
    assert.deepStrictEqual(codes, ['cram-backpressure', 'cram-media-overflow']);
    const msg = core.diags[1].message;
    assert.match(msg, /media ran out/);
    assert.match(msg, /200 free pages/);
    assert.strictEqual(core.stat('cram_media_overflow'), 1);
  });

  it('room() cuts bulk moves exactly at the low edge and at the overflow', () => {
    const { core, svc } = setup({ sizeBytes: 400 * 4096, mediaBytes: 100 * 4096, ratio: 1 });
    assert.strictEqual(svc.media.room!(3, 1), 91);
    svc.media.store(core, 3, 91, 1);
    assert.strictEqual(svc.isOpen(), false);
    assert.strictEqual(svc.media.room!(3, 1), 10, 'in the low state the next edge is the overflow');
  });
});
