import * as assert from 'assert';
import * as path from 'path';
import { runScenarioFile, runScenarioText, ScenarioRun } from './run_scenario';
import { describeOutside } from '../outside';

/**
 * The CRAM service inside the whole emulator: what `expect` lines cannot say (the counters the
 * vocabulary table does not know yet, where diagnostics land, the node report's CRAM fields),
 * asserted on the RunResult of parse -> lower -> simulate.
 */
const SCEN = path.join(__dirname, 'scenarios');
const SAMPLES = path.resolve(__dirname, '../../sample-workspaces/cram');

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `"${needle}" is in the scenario`);
  return i + 1;
}
const stat = (r: ScenarioRun, name: string) => r.result.stats[name] ?? 0;
const node = (r: ScenarioRun, id: number) => r.result.nodes.find((n) => n.id === id)!;

const MACHINE = `
node 0 dram 1G cpus 0-3
node 3 cram 4G media 1G ratio 2.0 watermarks low=10% high=25%
`;

describe('cram integration: where diagnostics land', function () {
  this.timeout(30_000);

  it('cram-backpressure sits on the fill that crossed the low watermark, and on the raise(high)', () => {
    const text = `${MACHINE}
task t cpu 0 {
  a = malloc(64M)
  touch(a)
  move_pages(a, 3)
}
device 3 {
  fill(95%)
  raise(high)
}
`;
    const r = runScenarioText(text, 'inline');
    const bp = r.diags.filter((d) => d.code === 'cram-backpressure');
    assert.deepStrictEqual(
      bp.map((d) => d.line),
      [lineOf(text, 'fill(95%)'), lineOf(text, 'raise(high)')],
    );
    assert.match(bp[0].message, /closed to demotion/);
    assert.match(bp[1].message, /open again.*forced/);
    assert.strictEqual(bp[0].severity, 'info');
  });

  it('cram-media-overflow (error) sits on the write that ran the media out', () => {
    const text = `
node 0 dram 1G cpus 0-3
node 3 cram 4G media 256M ratio 4.0 ops MIGRATION|DEMOTION|RECLAIM callbacks migrate_to, folio_migrate, free_folio, reclaim_policy
task t cpu 0 {
  a = malloc(512M)
  touch(a)
  move_pages(a, 3)
  write(a[0:128M], data=random)
  write(a[128M:512M], data=random)
}
`;
    const r = runScenarioText(text, 'inline');
    const ov = r.diags.filter((d) => d.code === 'cram-media-overflow');
    assert.strictEqual(ov.length, 1);
    assert.strictEqual(ov[0].line, lineOf(text, 'write(a[128M:512M]'));
    assert.strictEqual(ov[0].severity, 'error');
    assert.match(ov[0].message, /media ran out/);
    assert.match(ov[0].message, /OS still sees \d+ free pages/);
    assert.strictEqual(stat(r, 'cram_media_overflow'), 1);
    assert.ok(node(r, 3).freePages > 0, 'the OS still sees free memory on the node');
    assert.strictEqual(node(r, 3).mediaUsedBytes, 256 * 2 ** 20, 'the device holds all its media; what did not fit is lost');
  });

  it('cram-promotion sits on the write that promoted', () => {
    const text = `${MACHINE}
task t cpu 0 {
  a = malloc(4M)
  touch(a)
  move_pages(a, 3)
  read(a)
  write(a)
}
`;
    const r = runScenarioText(text, 'inline');
    const pr = r.diags.filter((d) => d.code === 'cram-promotion');
    assert.deepStrictEqual(
      pr.map((d) => d.line),
      [lineOf(text, 'write(a)')],
    );
    assert.strictEqual(stat(r, 'cram_promote'), 1024);
    assert.strictEqual(stat(r, 'pgpromote_success'), 1024);
  });
});

describe('cram integration: counters beyond the vocabulary table', function () {
  this.timeout(30_000);

  it('#34 mid-batch: exactly the pages up to the crossing one entered; the rest of the batch was refused', () => {
    const r = runScenarioFile(path.join(SCEN, '34-midbatch.mmlab'));
    // 64M of media, random data (4096 B a page), low = 10% free: floor(57.6M / 4096) pages stay
    // above the watermark, the next one crosses it and is the last to be stored
    assert.strictEqual(stat(r, 'cram_demote'), Math.floor((0.9 * 64 * 2 ** 20) / 4096) + 1);
    assert.ok(stat(r, 'cram_blocked_midbatch') > 0);
    assert.strictEqual(stat(r, 'cram_pressure_low'), 1);
  });

  it('#36 VM_FAULT_RETRY is counted per fault, and the retried fault finally promotes', () => {
    const r = runScenarioFile(path.join(SCEN, '36-write-retry.mmlab'));
    assert.deepStrictEqual(r.failures, []);
    assert.strictEqual(stat(r, 'cram_promote_retry'), 2);
    assert.strictEqual(stat(r, 'cram_promote'), 1);
    assert.strictEqual(stat(r, 'oom_kill'), 0);
  });

  it('#27 move_pages arrivals are counted apart from demotions', () => {
    const r = runScenarioFile(path.join(SCEN, '27-move-pages.mmlab'));
    assert.strictEqual(stat(r, 'cram_migrate_in'), 4096);
    assert.strictEqual(stat(r, 'cram_demote'), 0);
    assert.strictEqual(stat(r, 'cram_migrate_refused'), 1);
  });

  it('the node report carries media, capacity, open and pressure', () => {
    const r = runScenarioFile(path.join(SAMPLES, '02-move-pages.mmlab'));
    const n = node(r, 3);
    assert.strictEqual(n.kind, 'cram');
    assert.strictEqual(n.mediaUsedBytes, 21 * 2 ** 20);
    assert.strictEqual(n.mediaCapacityBytes, 2 ** 30);
    assert.strictEqual(n.open, false);
    assert.strictEqual(n.pressure, 1000);
  });
});

describe('cram integration: device behaviour through the language', function () {
  this.timeout(30_000);

  it('set_ratio: data written afterwards costs the new ratio, stored data keeps its cost', () => {
    const text = `${MACHINE}
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
}
device 3 {
  set_ratio(4.0)
}
task t {
  b = malloc(16M)
  touch(b)
  move_pages(b, 3)
  expect media_used(3) == 12M
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, [], '8M for a (2:1, stored before) + 4M for b (4:1)');
  });

  it('raise(low) on a roomy device: closed until media use changes, then the device re-checks and reopens', () => {
    const text = `${MACHINE}
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
}
device 3 {
  raise(low)
  expect open(3) == 0
}
task t {
  b = malloc(16M)
  touch(b)
  move_pages(b, 3)
  expect error ENOSPC
  expect open(3) == 0
  munmap(a)
  expect open(3) == 1
  expect pressure(3) == 0
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, []);
    assert.strictEqual(stat(r, 'cram_pressure_high'), 1);
  });

  it('fill adds foreign data once; the host cannot evict it', () => {
    const text = `${MACHINE}
swap 1G
device 3 {
  fill(50%)
  expect media_used(3) == 512M
  fill(40%)
  expect media_used(3) == 512M
}
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
  expect media_used(3) == 520M
  munmap(a)
  expect media_used(3) == 512M
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, []);
  });

  it('cram.pressure_max: a gentler pressure boosts watermarks but does not block migration', () => {
    const text = `${MACHINE}
sysctl cram.pressure_max = 500
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
}
device 3 {
  raise(low)
  expect pressure(3) == 500
  expect open(3) == 1
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, []);
    assert.match(r.diags.find((d) => d.code === 'cram-backpressure')!.message, /under pressure/);
  });

  it('a missing free_folio is a missing-callback warning on the node declaration', () => {
    const text = `
node 0 dram 1G cpus 0-3
node 3 cram 4G media 1G callbacks migrate_to, folio_migrate, handle_fault, reclaim_policy
`;
    const r = runScenarioText(text, 'inline');
    const mc = [...r.diags, ...r.frontEnd].filter((d) => d.code === 'missing-callback');
    assert.ok(mc.length >= 1);
    assert.ok(mc.every((d) => d.line === 3 && d.severity === 'warning'));
  });

  it('is deterministic: the same scenario gives the same JSON', () => {
    const f = path.join(SAMPLES, '05-backpressure.mmlab');
    const a = runScenarioFile(f).result;
    const b = runScenarioFile(f).result;
    assert.strictEqual(JSON.stringify(a), JSON.stringify(b));
  });
});

describe('cram integration: the loosened read-only constraint (cram.writable_fraction)', function () {
  this.timeout(30_000);

  it('grants the fraction on arrival, writes those pages in place, revokes them under pressure', () => {
    const r = runScenarioFile(path.join(SAMPLES, '08-writable-fraction.mmlab'));
    assert.deepStrictEqual(r.failures, []);
    assert.strictEqual(stat(r, 'cram_writable_granted'), Math.floor(0.1 * 196608));
    assert.strictEqual(stat(r, 'cram_write_inplace'), 16384);
    assert.strictEqual(stat(r, 'cram_writable_revoked'), Math.floor(0.1 * 196608), 'every granted page was still writable');
    assert.ok(r.diags.some((d) => d.code === 'cram-backpressure' && /writable mappings revoked first/.test(d.message)));
  });

  it('in-place writes change media by the data written (random into ratio-4 pages grows it 4x)', () => {
    const text = `
node 0 dram 1G cpus 0-3
node 3 cram 4G media 1G ratio 4.0
sysctl cram.writable_fraction = 100%
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
  expect media_used(3) == 4M
  write(a, data=random)
  expect pages(a, 3) == 100%
  expect media_used(3) == 16M
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, []);
    assert.strictEqual(stat(r, 'cram_promote'), 0);
  });

  it('without the sysctl every arrival is write-protected (v4)', () => {
    const text = `
node 0 dram 1G cpus 0-3
node 3 cram 4G media 1G ratio 4.0
task t cpu 0 {
  a = malloc(16M)
  touch(a)
  move_pages(a, 3)
  write(a, data=random)
  expect pages(a, 0) == 100%
}
`;
    const r = runScenarioText(text, 'inline');
    assert.deepStrictEqual(r.failures, []);
    assert.strictEqual(stat(r, 'cram_writable_granted'), 0);
  });
});

describeOutside('cram integration: designs without CRAM (outside conformance 06, 07)', (SHARED) => {
  const CONF07 = path.join(SHARED, '07-cram-backpressure.mmlab');

  it('under stock the device is plain memory: nobody answers its interrupts and the media overflows', () => {
    const r = runScenarioFile(CONF07, 'stock');
    assert.deepStrictEqual(r.failures, [], 'the expectations not limited to private_v4 still hold');
    assert.strictEqual(stat(r, 'cram_pressure_low'), 0);
    assert.ok(stat(r, 'cram_irq_unhandled') >= 1);
    assert.deepStrictEqual(r.diags.filter((d) => d.code === 'cram-backpressure'), []);
    assert.strictEqual(r.diags.filter((d) => d.code === 'cram-media-overflow').length, 1, 'b falls back onto the full device');
    assert.strictEqual(node(r, 3).open, true);
  });

  it('under private_v4 the same timeline never overflows', () => {
    const r = runScenarioFile(CONF07, 'private_v4');
    assert.deepStrictEqual(r.diags.filter((d) => d.code === 'cram-media-overflow'), []);
    assert.strictEqual(stat(r, 'cram_irq_unhandled'), 0);
  });

  it('every design runs both conformance files without a cut or a crash', () => {
    for (const f of [path.join(SHARED, '06-cram-demotion.mmlab'), CONF07])
      for (const d of ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device'] as const) {
        const r = runScenarioFile(f, d);
        assert.strictEqual(r.result.cut, undefined, `${f} ${d}`);
        const n3 = node(r, 3);
        assert.ok(n3.mediaUsedBytes <= (n3.mediaCapacityBytes ?? 0), `${f} ${d}: media within capacity`);
      }
  });
});

