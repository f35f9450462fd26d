/**
 * Runs translated scenarios on the real kernel: scenarios with the same machine share one boot
 * (measured: 32 light scenarios in about 4.5 s including boot), at most `concurrency`
 * QEMUs at a time (2 host cores).
 */
import { kernelObservations, StmtObservation } from './observe';
import { boot, OracleEnv, OracleLine } from './qemu';
import { PRESSURE_OP_TIMEOUT_MS, Translation } from './translate';

export interface KernelRun {
  observations: StmtObservation[];
  nodeFreeKiB?: Record<string, [number, number]>;
  /** guest ms the scenario took (the interpreter's own clock) */
  guestMs?: number;
  lines: OracleLine[];
}

export interface BatchTiming {
  scenarios: string[];
  wallMs: number;
  bootSeconds?: number;
}

export interface KernelResults {
  runs: Map<Translation, KernelRun>;
  batches: BatchTiming[];
  /** scenarios whose boot failed twice, with why (the rest of the suite still ran) */
  failed: Map<Translation, string>;
}

const HEAVY_PER_BOOT = 4;

function batchKey(t: Translation): string {
  return JSON.stringify({ topo: t.topo, pre: t.preSh ?? '' });
}

export function scriptFor(ts: Translation[]): string {
  return ts.map((t) => [`scenario ${t.name}`, ...t.script, 'end'].join('\n')).join('\n') + '\n';
}

export async function runOnKernel(trs: Translation[], env: OracleEnv, opts: { concurrency?: number; log?: (s: string) => void } = {}): Promise<KernelResults> {
  const runnable = trs.filter((t) => !t.whole);
  // unique scenario names within a boot
  const seen = new Map<string, number>();
  for (const t of runnable) {
    const n = seen.get(t.name) ?? 0;
    seen.set(t.name, n + 1);
    if (n) t.name = `${t.name}_${n}`;
  }
  // Same machine -> same boot; fills (seconds each under TCG) go in boots of at most
  // HEAVY_PER_BOOT so that the two QEMUs share the work.
  const groups = new Map<string, Translation[]>();
  const heavyCount = new Map<string, number>();
  for (const t of runnable) {
    let key = batchKey(t);
    if (t.mode === 'share') {
      const n = heavyCount.get(key) ?? 0;
      heavyCount.set(key, n + 1);
      key += `#heavy${Math.floor(n / HEAVY_PER_BOOT)}`;
    }
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(t);
  }
  // longest first: heavy boots start while light ones fill the gaps
  const queue = [...groups.values()].sort((a, b) => b.filter((t) => t.mode === 'share').length - a.filter((t) => t.mode === 'share').length);
  const runs = new Map<Translation, KernelRun>();
  const failed = new Map<Translation, string>();
  const batches: BatchTiming[] = [];
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const heavy = batch.filter((t) => t.mode === 'share').length;
      // generous: a TCG guest on a loaded 2-core host boots in up to a minute, and the pressure
      // family's fills swap (a timeout is a failed boot, never a partial result)
      const pressure = batch.filter((t) => t.pressure).length;
      // (a pressure op may run up to PRESSURE_OP_TIMEOUT_MS before the interpreter cuts it: room for one)
      const timeoutMs = 120_000 + 10_000 * batch.length + 90_000 * heavy + 150_000 * pressure + (pressure ? PRESSURE_OP_TIMEOUT_MS : 0);
      let r;
      try {
        r = await boot(batch[0].topo, scriptFor(batch), env, { timeoutMs, preSh: batch[0].preSh });
      } catch (e) {
        // one retry: a boot can fail for reasons of the host (a starved TCG guest), not the scenarios
        opts.log?.(`oracle: boot failed, retrying once: ${(e as Error).message.split('\n')[0]}`);
        try {
          r = await boot(batch[0].topo, scriptFor(batch), env, { timeoutMs, preSh: batch[0].preSh });
        } catch (e2) {
          // the other batches still count: their scenarios are recorded/checked, these are reported failed
          const why = (e2 as Error).message.split('\n')[0];
          opts.log?.(`oracle: boot failed twice (${batch.map((t) => t.name).join(', ')}): ${why}`);
          for (const t of batch) failed.set(t, why);
          continue;
        }
      }
      batches.push({ scenarios: batch.map((t) => t.name), wallMs: r.wallMs, bootSeconds: r.bootSeconds });
      opts.log?.(`oracle: booted for ${batch.length} scenario(s) in ${(r.wallMs / 1000).toFixed(1)} s`);
      for (const t of batch) {
        const lines = r.lines.filter((l) => l.scn === t.name);
        const mem = lines.find((l) => l.op === 'meminfo');
        const el = lines.find((l) => l.op === 'elapsed');
        runs.set(t, {
          observations: kernelObservations(t, r.lines),
          nodeFreeKiB: mem?.free_kb as Record<string, [number, number]> | undefined,
          guestMs: el ? Number(el.ms) : undefined,
          lines,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return { runs, batches, failed };
}
