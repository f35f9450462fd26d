/**
 * The oracle's pressure family (issue 14): a scenario with swap or demotion gets HMAT tables and a
 * swap disk on the guest, vmstat reads around its statements, every mapping queried after a fault,
 * and per-statement swap/demotion observations compared on both sides.
 */
import assert from 'node:assert/strict';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { compareScenario, compareStatement } from '../../server/src/oracle/compare';
import { familyLines, familyOf } from '../../server/src/oracle/index';
import { kernelObservations, pressureOf, PRESSURE_MIN_PAGES } from '../../server/src/oracle/observe';
import { hmatFigures, OracleEnv, OracleLine, qemuArgs } from '../../server/src/oracle/qemu';
import { PRESSURE_OP_TIMEOUT_MS, translate } from '../../server/src/oracle/translate';

const P = `node 0 dram 256M cpus 0
node 1 cxl 192M
sysctl vm.demotion_enabled = 1
swap 512M
task app cpu 0 {
  a = malloc(160M)
  touch(a)
  b = malloc(128M)
  touch(b)
}
`;
const tr = (text: string) => translate('p', lower(parse(text)).program, text);
const env: OracleEnv = { qemu: 'qemu', vmlinuz: '/k', baseInitrd: '/b', kernelVersion: '6.12.117', debVersion: 'x' };

describe('oracle pressure family', () => {
  it('gives the guest HMAT tables by tier and a swap disk; a plain machine gets neither', () => {
    const t = tr(P);
    assert.equal(t.pressure, true);
    assert.equal(t.topo.hmat, true);
    assert.equal(t.topo.swapMiB, 512);
    assert.deepEqual(t.topo.nodes.map((n) => n.tier), [1, 2]);
    const args = qemuArgs(t.topo, env, '/i', '/c', '/swap.img').join(' ');
    assert.match(args, /-M pc,hmat=on/);
    assert.match(args, /-numa node,nodeid=1,memdev=m1,initiator=0/, 'a CPU-less node names its nearest CPU node');
    assert.match(args, /hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-latency,latency=110/);
    assert.match(args, /-drive file=\/swap.img,format=raw,if=virtio/);
    assert.ok(hmatFigures(2).latencyNs > hmatFigures(1).latencyNs && hmatFigures(2).bandwidthMiBs < hmatFigures(1).bandwidthMiBs);
    const plain = tr('node 0 dram 256M cpus 0\nnode 1 cxl 192M\ntask app cpu 0 {\n a = malloc(4K)\n touch(a)\n}\n');
    assert.equal(plain.pressure, false);
    assert.equal(plain.topo.hmat, undefined);
    assert.ok(!plain.script.some((l) => l.includes('vmstat')));
  });

  it('reads vmstat before the first statement and after each faulting one, and queries every mapping', () => {
    const t = tr(P);
    assert.equal(t.script.filter((l) => / - vmstat$/.test(l)).length, 3, t.script.join('\n'));
    const touchB = t.statements.filter((s) => s.op === 'touch')[1];
    assert.deepEqual(touchB.queries, ['app:a', 'app:b']);
  });

  it('counts a swap or demotion only from PRESSURE_MIN_PAGES up (the system swaps a little by itself)', () => {
    assert.deepEqual(pressureOf({ pswpout: PRESSURE_MIN_PAGES - 1, pswpin: 300, pgdemote_kswapd: 0 }), { swapout: false, swapin: false, demoted: false });
    assert.deepEqual(pressureOf({ pswpout: PRESSURE_MIN_PAGES, pgdemote_direct: 600, pgdemote_kswapd: 600 }), { swapout: true, swapin: false, demoted: true });
  });

  it('turns the vmstat increments of the kernel into observations and compares them', () => {
    const t = tr(P);
    const touchA = t.statements.find((s) => s.op === 'touch')!;
    const line = (o: Partial<OracleLine>): OracleLine => ({ scn: 'p', id: '', task: '-', op: 'x', ...o }) as OracleLine;
    const lines = [
      line({ id: '0', op: 'vmstat', vm: { pswpout: 10, pgdemote_kswapd: 0 } }),
      line({ id: touchA.id, task: 'app', op: 'touch', ret: 0, errno: 0 }),
      line({ id: touchA.id, task: 'app', op: 'query', r: 'a', counts: { '0': 30000, '1': 10960 } }),
      line({ id: touchA.id, op: 'vmstat', vm: { pswpout: 10, pgdemote_kswapd: 5000 } }),
    ];
    const k = kernelObservations(t, lines).find((o) => o.id === touchA.id)!;
    assert.deepEqual(k.pressure, { swapout: false, swapin: false, demoted: true });
    assert.deepEqual(k.vm, { pgdemote_kswapd: 5000 });
    const e = { ...k, pressure: { swapout: false, swapin: false, demoted: false } };
    assert.deepEqual(compareStatement(touchA, t.mode, k, e).map((d) => d.field), ['demoted']);
  });

  it('names the family of a scenario by its first letter and prints one agreement line per family', () => {
    assert.equal(familyOf('/x/oracle/scenarios/p07-touch-twice.mmlab'), 'p');
    const tally = (agree: number, differ: number) => ({ statements: agree + differ, compared: agree + differ, agree, differ, notComparable: 0 });
    const f = (file: string, agree: number, differ: number) => ({ file, mode: 'share', notes: [], scaled: [], statements: [], tally: tally(agree, differ) });
    const lines = familyLines([f('a01-x.mmlab', 3, 0), f('p01-y.mmlab', 2, 1), f('p02-z.mmlab', 1, 0)]);
    assert.equal(lines.length, 2);
    assert.match(lines[1], /family p \(pressure: reclaim, demotion, swap, OOM\): 3\/4 agree \(75\.0%\); 1 differ/);
  });

  // DISAGREEMENTS.md P5c: the SIGKILLs of p07/p12/p17 in the first goldens were the interpreter's own
  // 120 s op limit (no oom_kill moved in the kernel's vmstat); a cut must never read as the kernel's kill
  it('reports an op the interpreter cut at its time limit as a cut, not as the kernel killing the task', () => {
    const t = tr(P);
    assert.ok(t.script.includes(`optimeout ${PRESSURE_OP_TIMEOUT_MS}`), 'the pressure family raises the per-op limit');
    assert.ok(!tr('node 0 dram 256M cpus 0\ntask app cpu 0 {\n a = malloc(4K)\n touch(a)\n}\n').script.some((l) => l.startsWith('optimeout')));
    const [touchA, touchB] = t.statements.filter((s) => s.op === 'touch');
    const line = (o: Partial<OracleLine>): OracleLine => ({ scn: 'p', id: '', task: '-', op: 'x', ...o }) as OracleLine;
    const lines = [
      line({ id: '0', op: 'vmstat', vm: {} }),
      line({ id: touchA.id, task: 'app', op: 'timeout', ret: -1, errno: 110, ms: 600000.3, limit_ms: 600000 }),
      line({ id: touchA.id, task: 'app', op: 'died', signal: 9, harness: 1 }),
      line({ id: touchA.id, op: 'vmstat', vm: { pswpin: 40000 } }),
      line({ id: touchB.id, task: 'app', op: 'skipped', ret: -1, errno: 3 }),
    ];
    const k = kernelObservations(t, lines);
    const a = k.find((o) => o.id === touchA.id)!;
    assert.equal(a.outcome, undefined, 'no outcome: the kernel did not answer');
    assert.match(a.cut ?? '', /cut the statement after 600 s/);
    assert.match(k.find((o) => o.id === touchB.id)!.cut ?? '', /after L7, which the oracle's interpreter cut/);
    const ok = { outcome: { kind: 'ok' as const } };
    const vs = compareScenario(t, k, k.map((o) => ({ id: o.id, ...ok })));
    assert.deepEqual(vs.filter((v) => v.op === 'touch').map((v) => v.verdict), ['nc', 'nc']);
    // without the timeout line the same death is the kernel's answer (killed by SIGKILL) and compared
    const k2 = kernelObservations(t, lines.filter((l) => l.op !== 'timeout'));
    assert.deepEqual(k2.find((o) => o.id === touchA.id)!.outcome, { kind: 'killed', signal: 9 });
  });
});
