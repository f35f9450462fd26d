/**
 * Boots the pinned kernel under QEMU with a NUMA topology and an interpreter script, and collects
 * the interpreter's JSON lines. TCG only: /dev/kvm is present on these machines but unusable
 * (tools/oracle/README.md). ttyS0 (kernel console) goes to a log file for debugging failed boots,
 * ttyS1 (the interpreter's output) to stdout. A boot must end with the interpreter's `done` line;
 * anything else (timeout, panic, lost lines) is an error, never a partial result.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newcArchive } from './cpio';

export interface GuestNode {
  id: number;
  /** boot memory of the node in MiB (0 = memoryless) */
  memMiB: number;
  /** guest vCPU ids on this node */
  cpus: number[];
  /**
   * memory that comes as a hot-removable DIMM (ZONE_MOVABLE with `movable_node`), so the whole node
   * can be offlined; `memMiB` is then the DIMM size (a multiple of the 128 MiB memory block)
   */
  movable?: boolean;
  /**
   * the scenario's memory tier of the node (pressure family: with `hmat`, the HMAT tables give
   * nodes of a slower tier a higher latency and a lower bandwidth, so the kernel puts them in a
   * lower memory tier and builds demotion targets)
   */
  tier?: number;
}

export interface GuestTopology {
  nodes: GuestNode[];
  /** full matrix [from][to]; undefined = QEMU's defaults (10 local, 20 remote) */
  distances?: number[][];
  /** extra kernel command line arguments */
  kernelArgs?: string[];
  /** ACPI HMAT latency/bandwidth tables from every CPU node to every memory node (by `tier`) */
  hmat?: boolean;
  /** a swap disk of this size (a sparse virtio disk; /init runs mkswap and swapon) */
  swapMiB?: number;
}

/**
 * HMAT figures of a tier: tier 1 (DRAM) is the reference; faster tiers (HBM) are quicker, slower ones
 * (CXL, CRAM) 10x per step slower with a tenth of the bandwidth, far enough apart that the kernel's
 * abstract distance puts each in a tier of its own (checked: DRAM memory_tier4, a 10x node memory_tier450).
 */
export function hmatFigures(tier: number | undefined): { latencyNs: number; bandwidthMiBs: number } {
  const t = tier ?? 1;
  if (t <= 1) return t < 1 ? { latencyNs: 5, bandwidthMiBs: 20480 } : { latencyNs: 10, bandwidthMiBs: 10240 };
  return { latencyNs: 10 * 10 ** (t - 1), bandwidthMiBs: Math.max(16, Math.floor(10240 / 10 ** (t - 1))) };
}

export interface OracleEnv {
  qemu: string;
  vmlinuz: string;
  baseInitrd: string;
  kernelVersion: string;
  debVersion: string;
}

/** One `@@ {...}` line of the interpreter. */
export interface OracleLine {
  scn: string;
  id: string;
  task: string;
  op: string;
  ret?: number;
  errno?: number;
  [k: string]: unknown;
}

export interface BootResult {
  lines: OracleLine[];
  wallMs: number;
  /** guest uptime at the first interpreter line, seconds */
  bootSeconds?: number;
  consoleLog: string;
}

export function vcpuCount(topo: GuestTopology): number {
  return Math.max(1, ...topo.nodes.flatMap((n) => n.cpus.map((c) => c + 1)));
}

export function qemuArgs(topo: GuestTopology, env: OracleEnv, initrd: string, consoleLog: string, swapDisk?: string): string[] {
  const bootNodes = topo.nodes.filter((n) => n.memMiB > 0 && !n.movable);
  const dimmNodes = topo.nodes.filter((n) => n.memMiB > 0 && n.movable);
  const bootMiB = bootNodes.reduce((s, n) => s + n.memMiB, 0);
  const dimmMiB = dimmNodes.reduce((s, n) => s + n.memMiB, 0);
  const args = ['-accel', 'tcg', '-M', topo.hmat ? 'pc,hmat=on' : 'pc', '-cpu', 'max', '-smp', String(vcpuCount(topo))];
  const cpuNodes = topo.nodes.filter((n) => n.cpus.length);
  // with HMAT every node names an initiator: itself when it has CPUs, else the nearest CPU node
  const initiatorOf = (n: GuestNode): number => {
    if (n.cpus.length || !cpuNodes.length) return n.id;
    const d = (c: GuestNode) => topo.distances?.[n.id]?.[c.id] ?? 20;
    return [...cpuNodes].sort((a, b) => d(a) - d(b) || a.id - b.id)[0].id;
  };
  args.push('-m', dimmNodes.length ? `${bootMiB}M,slots=${dimmNodes.length},maxmem=${bootMiB + dimmMiB + 128}M` : `${bootMiB}M`);
  for (const n of bootNodes) args.push('-object', `memory-backend-ram,id=m${n.id},size=${n.memMiB}M`);
  for (const n of topo.nodes) {
    let spec = `node,nodeid=${n.id}`;
    if (n.cpus.length) spec += n.cpus.map((c) => `,cpus=${c}`).join('');
    if (n.memMiB > 0 && !n.movable) spec += `,memdev=m${n.id}`;
    if (topo.hmat) spec += `,initiator=${initiatorOf(n)}`;
    args.push('-numa', spec);
  }
  if (topo.hmat) {
    for (const i of cpuNodes)
      for (const t of topo.nodes) {
        if (t.memMiB <= 0) continue;
        const f = hmatFigures(t.tier);
        // a remote node of the same tier is a little slower than the local one (not enough to change its tier)
        const lat = t.id === i.id ? f.latencyNs : Math.round(f.latencyNs * 1.1);
        const lb = `hmat-lb,initiator=${i.id},target=${t.id},hierarchy=memory`;
        args.push('-numa', `${lb},data-type=access-latency,latency=${lat}`);
        args.push('-numa', `${lb},data-type=access-bandwidth,bandwidth=${f.bandwidthMiBs}M`);
      }
  }
  if (topo.distances) {
    for (let a = 0; a < topo.nodes.length; a++)
      for (let b = 0; b < topo.nodes.length; b++)
        if (a !== b) args.push('-numa', `dist,src=${a},dst=${b},val=${topo.distances[a][b]}`);
  }
  for (const n of dimmNodes) {
    args.push('-object', `memory-backend-ram,id=d${n.id},size=${n.memMiB}M`);
    args.push('-device', `pc-dimm,id=dimm${n.id},memdev=d${n.id},node=${n.id}`);
  }
  const cmdline = [
    'console=ttyS0', 'quiet', 'loglevel=1', 'panic=-1', 'oops=panic', 'mitigations=off',
    'nokaslr', 'norandmaps', 'tsc=reliable',
    // a starved TCG guest (loaded host) can fail the IO-APIC timer check and panic at boot
    'no_timer_check',
    ...(dimmNodes.length ? ['movable_node'] : []),
    ...(topo.kernelArgs ?? []),
  ];
  if (swapDisk) args.push('-drive', `file=${swapDisk},format=raw,if=virtio`);
  args.push('-kernel', env.vmlinuz, '-initrd', initrd, '-append', cmdline.join(' '));
  args.push('-display', 'none', '-vga', 'none', '-nodefaults', '-no-reboot');
  args.push('-serial', `file:${consoleLog}`, '-serial', 'stdio');
  return args;
}

export function parseOracleLines(text: string): OracleLine[] {
  const out: OracleLine[] = [];
  for (const raw of text.split('\n')) {
    const i = raw.indexOf('@@ {');
    if (i < 0) continue;
    try {
      out.push(JSON.parse(raw.slice(i + 3)) as OracleLine);
    } catch {
      /* a line cut by a kill: the missing `done` line reports the failure */
    }
  }
  return out;
}

export async function boot(
  topo: GuestTopology,
  script: string,
  env: OracleEnv,
  opts: { timeoutMs: number; preSh?: string; keepDir?: boolean },
): Promise<BootResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mmlab-oracle-'));
  const files = [{ path: 'scenarios.txt', data: script }];
  if (opts.preSh) files.push({ path: 'pre.sh', data: opts.preSh, mode: 0o755 } as never);
  const initrd = join(dir, 'initrd.img');
  writeFileSync(initrd, Buffer.concat([newcArchive(files), readFileSync(env.baseInitrd)]));
  const consoleLog = join(dir, 'console.log');
  let swapDisk: string | undefined;
  if (topo.swapMiB) {
    // sparse: the host pays only for what the guest swaps out
    swapDisk = join(dir, 'swap.img');
    writeFileSync(swapDisk, '');
    truncateSync(swapDisk, topo.swapMiB * 1024 * 1024);
  }
  const args = qemuArgs(topo, env, initrd, consoleLog, swapDisk);
  const t0 = Date.now();
  const child = spawn(env.qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const code: number | null = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallMs = Date.now() - t0;
  let consoleText = '';
  try {
    consoleText = readFileSync(consoleLog, 'utf8');
  } catch {
    /* qemu never started */
  }
  if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  const lines = parseOracleLines(out);
  const done = lines.some((l) => l.op === 'done');
  if (!done) {
    const why = timedOut ? `timed out after ${opts.timeoutMs} ms` : `qemu exited with ${code}`;
    throw new Error(
      `oracle boot failed (${why}; no final done line; ${lines.length} lines)\nqemu stderr: ${err.trim()}\nconsole tail:\n${consoleText.split('\n').slice(-15).join('\n')}`,
    );
  }
  const bootLine = lines.find((l) => l.op === 'boot');
  const bootSeconds = bootLine ? parseFloat(String(bootLine.uptime)) : undefined;
  return { lines, wallMs, bootSeconds, consoleLog: consoleText };
}
