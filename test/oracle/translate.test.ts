/** The oracle's pieces that need no QEMU: translation, QEMU arguments, initramfs, result parsing, comparison. */
import assert from 'node:assert/strict';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { compareStatement } from '../../server/src/oracle/compare';
import { newcArchive } from '../../server/src/oracle/cpio';
import { kernelObservations } from '../../server/src/oracle/observe';
import { OracleEnv, OracleLine, parseOracleLines, qemuArgs } from '../../server/src/oracle/qemu';
import { ADDR_STRIDE_PAGES, PAGE, translate } from '../../server/src/oracle/translate';

const T4 = `node 0 dram 512M cpus 0
node 1 dram 512M cpus 1
node 2 cxl 512M
node 3 cxl 256M
distance 0 1 21
distance 0 2 17
`;
const tr = (text: string, name = 't') => translate(name, lower(parse(text)).program, text);
const env: OracleEnv = { qemu: 'qemu', vmlinuz: '/k', baseInitrd: '/b', kernelVersion: '6.12.117', debVersion: 'x' };

describe('oracle translate', () => {
  it('maps the machine to a QEMU topology with one vCPU per CPU node and the full distance matrix', () => {
    const t = tr(T4 + 'task app cpu 1 {\n buf = mmap(256K)\n mbind(buf, MPOL_BIND, {1, 2})\n touch(buf)\n}\n');
    assert.deepEqual(t.topo.nodes.map((n) => [n.memMiB, n.cpus]), [[512, [0]], [512, [1]], [512, []], [256, []]]);
    assert.equal(t.topo.distances![0][2], 17);
    assert.equal(t.topo.distances![2][0], 17);
    assert.equal(t.topo.distances![2][3], 20);
    assert.equal(t.mode, 'exact');
    assert.equal(t.whole, undefined);
    assert.ok(t.script.includes('task app 1 -'));
    const map = t.script.find((l) => l.includes(' map buf '))!;
    const addr = Number(map.split(' ')[5]);
    assert.equal(addr % (ADDR_STRIDE_PAGES * PAGE), 0, 'interleave index 0 at the first page');
    assert.ok(t.script.some((l) => /^@\d+ app mbind buf 0 64 2 1,2 0$/.test(l)), t.script.join('\n'));
    const touch = t.statements.find((s) => s.op === 'touch')!;
    assert.deepEqual(touch.queries, ['app:buf']);
  });

  it('reports what the kernel cannot run as not comparable, with the reason', () => {
    const t = tr(T4 + 'node 4 cxl 256M private ops MIGRATION | MEMPOLICY\nkernel {\n p = alloc_pages_node(4, GFP_KERNEL, 0)\n}\ntask a cpu 0 {\n b = malloc(4K)\n expect no leak\n expect ok under private_v4\n}\n');
    const nc = t.statements.filter((s) => !s.comparable);
    assert.deepEqual(nc.map((s) => s.op), ['alloc_pages_node', 'leak', 'ok']);
    assert.ok(nc.every((s) => s.reason && s.reason.length > 10));
    assert.ok(t.notes.some((n) => /private/.test(n.reason)));
  });

  it('scales a large machine down for a light scenario and refuses a heavy one', () => {
    const big = 'node 0 dram 4G cpus 0\nnode 1 dram 4G cpus 1\nnode 2 cxl 256M\n';
    const light = tr(big + 'task a cpu 0 {\n b = malloc(64K)\n touch(b)\n}\n');
    assert.equal(light.whole, undefined);
    assert.ok(light.scaled.length === 2 && light.scaled.every((s) => s.toMiB <= 1536 && s.node < 2), JSON.stringify(light.scaled));
    assert.equal(light.topo.nodes[2].memMiB, 256, 'small nodes keep their size');
    const heavy = tr(big + 'task a cpu 0 {\n b = malloc(2G)\n touch(b)\n}\n');
    const medium = tr(big + 'task a cpu 0 {\n b = malloc(64M)\n touch(b)\n}\n');
    assert.equal(medium.whole, undefined);
    assert.equal(medium.mode, 'share');
    assert.match(heavy.whole ?? '', /does not fit/);
    assert.equal(heavy.mode, 'share');
    assert.ok(heavy.statements.every((s) => !s.comparable));
  });

  it('translates node ids into the kernel numbering (SRAT order: CPU nodes first, no gaps)', () => {
    const t = tr('node 0 cxl 256M\nnode 1 dram 512M cpus 0\nnode 3 cxl 384M\ntask a cpu 0 {\n b = mmap(4K)\n mbind(b, MPOL_BIND, {0, 3})\n move_pages(b, 2)\n}\n');
    assert.equal(t.whole, undefined);
    assert.deepEqual(t.kernelNodes, [1, 0, 3]); // kernel node k is scenario node kernelNodes[k]
    assert.deepEqual(t.topo.nodes.map((n) => [n.memMiB, n.cpus]), [[256, []], [512, [0]], [384, []]]);
    assert.ok(t.script.some((l) => / mbind b 0 1 2 1,2 0$/.test(l)), t.script.join('\n'));
    assert.ok(t.script.some((l) => / move b 0 1 1021 0$/.test(l)), 'an undeclared id stays unknown to the kernel');
  });

  it('builds QEMU arguments: TCG, NUMA nodes, distances, hot-removable DIMMs', () => {
    const t = tr('node 0 dram 512M cpus 0\nnode 1 dram 512M cpus 1\nnode 2 cxl 256M zone movable\ntask a cpu 0 {\n b = malloc(4K)\n}\n');
    const args = qemuArgs(t.topo, env, '/i', '/c').join(' ');
    assert.match(args, /-accel tcg/);
    assert.match(args, /-numa node,nodeid=2 /);
    assert.match(args, /pc-dimm,id=dimm2,memdev=d2,node=2/);
    assert.match(args, /movable_node/);
    assert.match(args, /-m 1024M,slots=1,maxmem=/);
    assert.match(t.preSh ?? '', /online_movable/);
  });
});

describe('oracle initramfs and results', () => {
  it('writes a newc archive padded to 512 bytes', () => {
    const a = newcArchive([{ path: 'scenarios.txt', data: 'scenario x\nend\n' }]);
    assert.equal(a.length % 512, 0);
    assert.equal(a.subarray(0, 6).toString(), '070701');
    assert.ok(a.includes(Buffer.from('scenarios.txt\0')));
    assert.ok(a.includes(Buffer.from('TRAILER!!!')));
  });

  it('reduces interpreter lines to observations: errno, placement, move status, OOM', () => {
    const text = T4 + 'task app cpu 0 {\n buf = mmap(16K)\n mbind(buf, MPOL_BIND, 7)\n touch(buf)\n move_pages(buf, 3)\n}\n';
    const t = tr(text, 'x');
    const out = `noise
@@ {"scn":"x","id":"2","task":"app","op":"mbind","ret":-1,"errno":22}
@@ {"scn":"x","id":"3","task":"app","op":"touch","ret":0,"errno":0}
@@ {"scn":"x","id":"3","task":"app","op":"query","r":"buf","ret":0,"errno":0,"counts":{"0":3,"-2":1},"runs":[[0,3],[-2,1]]}
@@ {"scn":"x","id":"4","task":"app","op":"move","r":"buf","ret":0,"errno":0,"counts":{"3":3,"-2":1},"runs":[[3,3],[-2,1]]}
@@ {"scn":"x","id":"4","task":"app","op":"kmsg","text":"oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=3,cpuset=/,mems_allowed=0-3,global_oom,task_memcg=/,task=app,pid=9,uid=0"}
@@ {"scn":"x","id":"4","task":"app","op":"query","r":"buf","ret":0,"errno":0,"counts":{"3":3,"-2":1},"runs":[[3,3],[-2,1]]}`;
    const lines: OracleLine[] = parseOracleLines(out);
    assert.equal(lines.length, 6);
    const obs = kernelObservations(t, lines);
    const byId = new Map(obs.map((o) => [o.id, o]));
    assert.deepEqual(byId.get('2')!.outcome, { kind: 'error', errno: 'EINVAL' });
    assert.deepEqual(byId.get('3')!.placement, { 'app:buf': { '0': 3 } });
    assert.deepEqual(byId.get('4')!.status, [3, 3, 3, -2]);
    assert.deepEqual(byId.get('4')!.outcome, { kind: 'oom', constraint: 'memory_policy', victim: 'app' });
  });

  it('compares fills by which nodes hold a share and their rank, light scenarios exactly', () => {
    const t = tr(T4 + 'task app cpu 0 {\n buf = malloc(64K)\n touch(buf)\n}\n');
    const touch = t.statements.find((s) => s.op === 'touch')!;
    const k = { id: touch.id, outcome: { kind: 'ok' as const }, placement: { 'app:buf': { '0': 1000, '2': 400, '1': 10 } } };
    const e1 = { id: touch.id, outcome: { kind: 'ok' as const }, placement: { 'app:buf': { '0': 1100, '2': 310 } } };
    const e2 = { id: touch.id, outcome: { kind: 'ok' as const }, placement: { 'app:buf': { '0': 1100, '1': 310 } } };
    assert.deepEqual(compareStatement(touch, 'share', k, e1), []);
    assert.equal(compareStatement(touch, 'share', k, e2).length, 1);
    assert.equal(compareStatement(touch, 'exact', k, e1).length, 1);
    const err = { id: touch.id, outcome: { kind: 'error' as const, errno: 'ENOMEM' } };
    assert.equal(compareStatement(touch, 'exact', { id: touch.id, outcome: { kind: 'ok' } }, err)[0].field, 'outcome');
  });
});
