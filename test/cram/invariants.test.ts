import * as assert from 'assert';
import fc from 'fast-check';
import { runScenarioText } from './run_scenario';

/**
 * What the CRAM design promises, checked over generated timelines (each run is a whole
 * parse -> lower -> simulate): with CRAM's write protection the device's media never overflows,
 * whatever tasks write and whatever the device reports; media use and the node's pages stay
 * consistent; the emulator never cuts or throws.
 */
const PROFILES = ['zero', 'text', 'random', 'ratio(4)'] as const;

type Op =
  | { k: 'alloc'; mb: number; profile: (typeof PROFILES)[number] }
  | { k: 'move'; i: number }
  | { k: 'write'; i: number; profile: (typeof PROFILES)[number] }
  | { k: 'free'; i: number }
  | { k: 'fill'; pct: number }
  | { k: 'raise'; level: 'low' | 'high' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('alloc' as const), mb: fc.integer({ min: 4, max: 96 }), profile: fc.constantFrom(...PROFILES) }),
  fc.record({ k: fc.constant('move' as const), i: fc.nat(8) }),
  fc.record({ k: fc.constant('write' as const), i: fc.nat(8), profile: fc.constantFrom(...PROFILES) }),
  fc.record({ k: fc.constant('free' as const), i: fc.nat(8) }),
  fc.record({ k: fc.constant('fill' as const), pct: fc.integer({ min: 10, max: 99 }) }),
  fc.record({ k: fc.constant('raise' as const), level: fc.constantFrom('low' as const, 'high' as const) }),
);

function scenario(ops: Op[], extra: string, swap = true): string {
  const lines = ['node 0 dram 512M cpus 0-3', `node 3 cram 2G media 128M ratio 2.0 watermarks low=10% high=25% ${extra}`, 'sysctl vm.demotion_enabled = 1'];
  if (swap) lines.push('swap 1G');
  let n = 0;
  const live: string[] = [];
  for (const o of ops) {
    const name = (i: number) => live[i % Math.max(1, live.length)];
    switch (o.k) {
      case 'alloc':
        live.push(`m${n}`);
        lines.push(`task t${n === 0 ? ' cpu 0' : ''} {\n  m${n} = malloc(${o.mb}M)\n  touch(m${n}, write, data=${o.profile})\n}`);
        n++;
        break;
      case 'move':
        if (live.length) lines.push(`task t {\n  move_pages(${name(o.i)}, 3)\n}`);
        break;
      case 'write':
        if (live.length) lines.push(`task t {\n  write(${name(o.i)}, data=${o.profile})\n}`);
        break;
      case 'free':
        if (live.length) {
          const v = name(o.i);
          live.splice(live.indexOf(v), 1);
          lines.push(`task t {\n  munmap(${v})\n}`);
        }
        break;
      case 'fill':
        lines.push(`device 3 {\n  fill(${o.pct}%)\n}`);
        break;
      case 'raise':
        lines.push(`device 3 {\n  raise(${o.level})\n}`);
        break;
    }
  }
  return lines.join('\n') + '\n';
}

describe('cram invariants over generated timelines', function () {
  this.timeout(120_000);

  it('with write protection (CRAM as registered) the media never overflows', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        const text = scenario(ops, '');
        const r = runScenarioText(text, 'gen');
        assert.deepStrictEqual(r.frontEnd.filter((d) => d.severity === 'error'), [], text);
        assert.strictEqual(r.result.cut, undefined);
        assert.deepStrictEqual(
          r.diags.filter((d) => d.code === 'cram-media-overflow'),
          [],
          text,
        );
        const n3 = r.result.nodes.find((x) => x.id === 3)!;
        assert.ok(n3.mediaUsedBytes <= n3.mediaCapacityBytes!, text);
        assert.ok(n3.usedPages >= 0 && n3.usedPages <= n3.capacityPages, text);
        assert.strictEqual(n3.pressure === 1000, n3.open === false, 'closed exactly at pressure 1000');
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it('without PROTECT_WRITE (and no swap for kswapd to evict to) a timeline overflows: the property above is not vacuous', () => {
    const ops: Op[] = [
      { k: 'alloc', mb: 96, profile: 'ratio(4)' },
      { k: 'move', i: 0 },
      { k: 'alloc', mb: 96, profile: 'ratio(4)' },
      { k: 'move', i: 1 },
      { k: 'write', i: 0, profile: 'random' },
      { k: 'write', i: 1, profile: 'random' },
    ];
    const unprotected = runScenarioText(scenario(ops, 'ops MIGRATION|DEMOTION|RECLAIM callbacks migrate_to, folio_migrate, free_folio, reclaim_policy', false), 'gen');
    assert.strictEqual(unprotected.diags.filter((d) => d.code === 'cram-media-overflow').length, 1);
    const protectedRun = runScenarioText(scenario(ops, '', false), 'gen');
    assert.strictEqual(protectedRun.diags.filter((d) => d.code === 'cram-media-overflow').length, 0);
  });
});
