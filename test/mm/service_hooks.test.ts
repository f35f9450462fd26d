/**
 * The service hook interface of node_private.ts, driven by a fake service bound to
 * the `accel` node kind: migrate_to refusal makes vmscan fall back to swap, a
 * partial migrate_to leaves pages behind with per-page status, handle_fault
 * 'retry' keeps pages write-protected without an OOM, free_folio keeps pages
 * (deferred) until the service releases them, media hooks see every arrival.
 */
import * as assert from 'assert';
import { GFP, GFP_COMPOSITE } from '../../server/src/vocab/gfp';
import { NodeService, registerServiceFactory, ServiceApi, unregisterServiceFactory } from '../../server/src/mm/node_private';
import { runText } from './helpers';

interface FakeLog {
  migrateTo: { reason: string; offered: number }[];
  faults: number;
  freed: number;
  stored: number;
  api?: ServiceApi;
}

function bindFake(opts: { refuse?: 'ENOSPC'; max?: number; faultResult?: 'done' | 'retry'; keep?: boolean }): FakeLog {
  const log: FakeLog = { migrateTo: [], faults: 0, freed: 0, stored: 0 };
  registerServiceFactory('accel', (nid): NodeService => ({
    name: 'fake',
    attach(api) {
      log.api = api;
      api.startKswapd(nid);
    },
    migrate_to(api, batch) {
      log.migrateTo.push({ reason: batch.reason, offered: batch.offered });
      if (opts.refuse) return { error: opts.refuse };
      batch.migrate({ gfp: GFP.__GFP_PRIVATE | GFP.__GFP_THISNODE | GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE, max: opts.max });
      return {};
    },
    handle_fault(api, fault) {
      log.faults += fault.pages;
      if (opts.faultResult === 'retry') return 'retry';
      fault.promote({ gfp: GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL });
      return 'done';
    },
    free_folio(api, free) {
      log.freed += free.pages;
      return opts.keep ? free.pages : 0;
    },
    media: {
      store: (api, nid2, pages) => {
        log.stored += pages;
      },
      erase: () => undefined,
      usedBytes: () => log.stored * 4096,
      capacityBytes: () => 1 << 30,
    },
  }));
  return log;
}

const MACHINE = `
node 0 dram 256M cpus 0-3
node 5 accel 1G private ops MIGRATION | DEMOTION | RECLAIM | PROTECT_WRITE callbacks migrate_to, folio_migrate, handle_fault, free_folio, reclaim_policy tier 3
sysctl vm.demotion_enabled = 1
swap 1G
`;

describe('service hook interface (fake service on an accel node)', () => {
  afterEach(() => unregisterServiceFactory('accel'));

  it('demotion goes through migrate_to; pages arrive write-protected; a write calls handle_fault, which promotes', () => {
    const log = bindFake({ faultResult: 'done' });
    const r = runText(
      MACHINE +
        `
task t cpu 0 {
  a = malloc(200M)
  touch(a)
  b = malloc(200M)
  touch(b)
  expect pages(a, 5) > 0
  expect stat(pgdemote_kswapd) > 0
  write(a[0:4M])
  expect pages(a[0:4M], 0) == 100%
}`,
      'private_v4',
    );
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed), []);
    assert.ok(log.migrateTo.length > 0 && log.migrateTo.every((m) => m.reason === 'demotion'));
    assert.strictEqual(log.faults, 1024);
    assert.ok(log.stored > 0);
  });

  it('a refusing migrate_to (ENOSPC) makes reclaim fall back to swap', () => {
    const log = bindFake({ refuse: 'ENOSPC' });
    const r = runText(
      MACHINE +
        `
task t cpu 0 {
  a = malloc(400M)
  touch(a)
  expect pages(a, 5) == 0
  expect stat(pswpout) > 0
}`,
      'private_v4',
    );
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed), []);
    assert.ok(log.migrateTo.length > 0);
  });

  it('move_pages: a partial migrate_to leaves pages behind with per-page -ENOMEM (migration-refused)', () => {
    bindFake({ max: 100 });
    const r = runText(
      MACHINE +
        `
task t cpu 0 {
  a = malloc(4M)
  touch(a)
  move_pages(a, 5)
  expect ok
  expect pages(a, 5) == 100
  expect diagnostic migration-refused
}`,
      'private_v4',
    );
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed), []);
    const d = r.run.diagnostics.find((x) => x.code === 'migration-refused')!;
    assert.match(d.message, /5 ×100/);
    assert.match(d.message, /-ENOMEM ×924/);
  });

  it('handle_fault returning retry keeps the pages where they are, without an OOM', () => {
    bindFake({ faultResult: 'retry' });
    const r = runText(
      MACHINE +
        `
task t cpu 0 {
  a = malloc(4M)
  touch(a)
  move_pages(a, 5)
  write(a)
  expect ok
  expect pages(a, 5) == 100%
  expect stat(oom_kill) == 0
}`,
      'private_v4',
    );
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed), []);
  });

  it('free_folio may keep freed pages (deferred): they stay used until the service releases them', () => {
    const log = bindFake({ keep: true });
    const r = runText(
      MACHINE +
        `
task t cpu 0 {
  a = malloc(4M)
  touch(a)
  move_pages(a, 5)
  munmap(a)
  expect used(5) == 1024
}`,
      'private_v4',
    );
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed), []);
    assert.strictEqual(log.freed, 1024);
    const n5 = r.run.nodes.find((n) => n.id === 5)!;
    assert.ok(n5.owners.some((o) => o.owner === 'deferred-free' && o.pages === 1024));
  });

  it('stock ignores the ops: the node is an ordinary N_MEMORY node, migrate_to is never called', () => {
    const log = bindFake({});
    runText(MACHINE + `task t cpu 0 {\n  a = malloc(4M)\n  touch(a)\n  move_pages(a, 5)\n}`, 'stock');
    assert.strictEqual(log.migrateTo.length, 0);
  });
});
