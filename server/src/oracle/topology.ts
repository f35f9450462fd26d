/**
 * A scenario's machine -> the QEMU machine the oracle boots, and the node numbering between them.
 *
 * Numbering: QEMU numbers proximity domains 0..n-1 over the nodes the kernel can see (with memory
 * or CPUs; a declared node with neither is a possible node without memory, which the kernel treats
 * like an absent id, and so does the oracle). Linux names nodes in order of first appearance in the
 * SRAT: CPU affinity entries first (vCPU order), then memory ranges, then hot-pluggable DIMMs
 * (checked on the oracle with a CPU-less node 0 and a gap in the ids). The translator maps every node id it sends and every node it reads back,
 * so gaps and CPU-less low ids need no renumbering by the user. Ids the kernel does not know stay
 * unknown: ids at or above the kernel's node count are kept, lower ones map to 1023 - id.
 *
 * Scale: guest RAM is limited (ORACLE_GUEST_BUDGET_MIB, 3 GiB). A machine that fits is booted with
 * the sizes as written (rounded up to 4 MiB; 128 MiB memory blocks for movable nodes). A larger
 * machine has its biggest nodes capped (smaller ones keep their size) when everything the scenario
 * touches fits twice into the cap, so no capped node can fill where the written one would not;
 * otherwise the scenario is not comparable as a whole.
 */
import { Machine, NodeDecl } from '../model/ir';
import { NODE_KINDS } from '../vocab/nodekinds';
import { GuestNode, GuestTopology } from './qemu';

export const GUEST_BUDGET_MIB = Number(process.env.ORACLE_GUEST_BUDGET_MIB ?? 3072);
const MiB = 1024 * 1024;
const PAGE = 4096;

export interface NodeNumbering {
  /** the declared nodes the kernel sees, in id order: QEMU node i is present[i] */
  present: NodeDecl[];
  /** kernel node id -> scenario node id */
  kernelOrder: number[];
  toKernel(id: number): number;
  /** the vCPU a task with scenario cpu N runs on */
  cpuToVcpu(cpu: number | undefined): number;
  vcpuOfNode: Map<number, number>;
  /** hot-pluggable nodes (zone movable or declared offline) */
  hot: NodeDecl[];
  problem?: string;
}

const isHot = (n: NodeDecl) => n.zone === 'movable' || n.offline;

export function numberNodes(decl: NodeDecl[]): NodeNumbering {
  const present = decl.filter((n) => n.sizeBytes > 0 || n.cpus.length > 0);
  // CPU nodes get one vCPU each, in node-id order; a task's cpu runs on the vCPU of its node
  // (the language: the node whose cpus hold it, node 0 when none do).
  const cpuNodes = present.filter((n) => n.cpus.length > 0).map((n) => n.id);
  if (!cpuNodes.length && present.length) cpuNodes.push((present.find((n) => n.id === 0) ?? present[0]).id);
  const vcpuOfNode = new Map(cpuNodes.map((id, i) => [id, i]));
  const cpuToVcpu = (cpu: number | undefined): number => {
    const holder = decl.find((n) => n.cpus.includes(cpu ?? 0));
    return vcpuOfNode.get(holder ? holder.id : 0) ?? 0;
  };
  const hot = present.filter(isHot);
  let problem: string | undefined;
  for (const h of hot)
    if (present.some((n) => n.id > h.id && !isHot(n))) problem ??= `movable/offline node ${h.id} must have a higher id than every boot-memory node on the oracle`;
  const kernelOrder: number[] = [];
  for (const id of [...cpuNodes, ...present.filter((n) => !isHot(n)).map((n) => n.id), ...hot.map((n) => n.id)])
    if (!kernelOrder.includes(id)) kernelOrder.push(id);
  const kernelOf = new Map(kernelOrder.map((id, k) => [id, k]));
  const toKernel = (id: number): number => kernelOf.get(id) ?? (id >= kernelOrder.length ? id : 1023 - id);
  return { present, kernelOrder, toKernel, cpuToVcpu, vcpuOfNode, hot, problem };
}

/** the node's memory tier as the emulator reads it (written `tier N`, else its kind's default) */
export function tierOf(n: NodeDecl): number {
  return n.tier ?? NODE_KINDS.find((k) => k.name === n.kind)?.defaultTier ?? 1;
}

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

export function guestTopology(
  m: Machine,
  nb: NodeNumbering,
  touchedPages: number,
): { topo: GuestTopology; scaled: { node: number; fromMiB: number; toMiB: number }[]; preSh?: string; problem?: string } {
  const { present, vcpuOfNode, hot, toKernel } = nb;
  let problem: string | undefined;
  const scaled: { node: number; fromMiB: number; toMiB: number }[] = [];
  const memMiB = (n: NodeDecl) => (n.sizeBytes > 0 ? roundUp(n.sizeBytes / MiB, isHot(n) ? 128 : 4) : 0);
  const total = present.reduce((s, n) => s + memMiB(n), 0);
  // The pressure family: with demotion enabled the kernel needs memory tiers, which it builds from
  // the HMAT (a CPU-less node slower than DRAM gets a lower tier); `swap` becomes a swap disk.
  const pressure = m.sysctls.some((x) => x.key === 'vm.demotion_enabled' && x.value !== 0);
  const swapMiB = m.swapBytes > 0 ? roundUp(m.swapBytes / MiB, 4) : 0;
  let cap = Infinity;
  if (total > GUEST_BUDGET_MIB) {
    // Cap the biggest nodes (128 MiB steps) until the machine fits; smaller nodes keep their size.
    const sizes = present.map(memMiB).filter((x) => x > 0);
    cap = Math.max(...sizes);
    while (cap > 128 && sizes.reduce((s, x) => s + Math.min(x, cap), 0) > GUEST_BUDGET_MIB) cap -= 128;
    // A capped node must stay at least twice as big as everything the scenario touches, so that
    // it cannot fill where the written machine would not.
    const touchedMiB = (touchedPages * PAGE) / MiB;
    if (touchedMiB * 2 > cap)
      problem = `the machine (${total} MiB) does not fit the oracle guest (${GUEST_BUDGET_MIB} MiB) and the scenario touches ${Math.ceil(touchedMiB)} MiB, too much to scale its big nodes down to ${cap} MiB without changing where pages land`;
  }
  const nodes: GuestNode[] = present.map((n, i) => {
    let mem = memMiB(n);
    if (mem > cap) {
      scaled.push({ node: n.id, fromMiB: mem, toMiB: cap });
      mem = cap;
    }
    const vcpu = vcpuOfNode.get(n.id);
    return { id: i, memMiB: mem, cpus: vcpu === undefined ? [] : [vcpu], ...(isHot(n) ? { movable: true } : {}), ...(pressure ? { tier: tierOf(n) } : {}) };
  });
  let distances: number[][] | undefined;
  if (m.distances.length) {
    distances = nodes.map((a) => nodes.map((b) => (a.id === b.id ? 10 : 20)));
    const pxm = new Map(present.map((n, i) => [n.id, i]));
    for (const d of m.distances) {
      const a = pxm.get(d.a);
      const b = pxm.get(d.b);
      if (a !== undefined && b !== undefined && a !== b) {
        distances[a][b] = d.distance;
        distances[b][a] = d.distance;
      }
    }
  }
  let preSh: string | undefined;
  if (hot.length) {
    // ACPI hot-plugs the DIMMs a moment after /init starts (asynchronously): wait until every
    // movable node's memory blocks exist and are online, then take the `offline` nodes down.
    preSh = '#!/bin/sh\n';
    for (const n of hot) {
      const dir = `/sys/devices/system/node/node${toKernel(n.id)}`;
      preSh += `i=0; while [ $i -lt 200 ] && ! ls -d ${dir}/memory[0-9]* >/dev/null 2>&1; do sleep 0.05; i=$((i+1)); done\n`;
      preSh += `for b in ${dir}/memory[0-9]*; do [ "$(cat $b/state)" = online ] || echo online_movable > $b/state; done\n`;
      if (n.offline) preSh += `for b in ${dir}/memory[0-9]*; do echo offline > $b/state; done\n`;
    }
  }
  return { topo: { nodes, ...(distances ? { distances } : {}), ...(pressure ? { hmat: true } : {}), ...(swapMiB ? { swapMiB } : {}) }, scaled, preSh, problem };
}
