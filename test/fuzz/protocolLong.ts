/**
 * One share of the long fuzz mode's protocol edit sequences (`npm run fuzz -- --long`, see
 * run.mjs): starts one real server, plays COUNT short random edit sequences (test/fuzz/sequences.ts)
 * and, after every FRAME_EVERY-th sequence, a malformed frame of issue 17 written raw to the
 * server's stdin followed by a request that must be answered. Same line protocol as worker.ts:
 * `CASE i`, `FAIL i <json>`, `STATS <json>` (slowest sequence, the server's peak RSS), `DONE n`.
 *
 *   node --require tsx/cjs test/fuzz/protocolLong.ts SEED START COUNT
 */
import * as fs from 'fs';
import fc from 'fast-check';
import { startClient } from '../protocol/harness';
import { seeds } from './corpus';
import { BAD_FRAMES, frame } from './framing';
import { Op, opArb, playSequence } from './sequences';

const FRAME_EVERY = 20;

/** VmHWM of a process, in KiB (Linux), or 0. */
function peakRssKb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const [seedArg, startArg, countArg] = process.argv.slice(2);
  const seed = Number(seedArg);
  const start = Number(startArg);
  const count = Number(countArg);
  const corpus = seeds().filter((s) => s.text.length < 3000);
  const arb = fc.tuple(fc.constantFrom(...corpus), fc.array(opArb, { minLength: 3, maxLength: 15 }).map((ops) => ops.filter((o: Op) => o.kind !== 'pause')));
  const cases = fc.sample(arb, { seed, numRuns: start + count }).slice(start);
  const client = await startClient({ settings: { budget: { maxSteps: 20_000, maxMs: 300 }, debounceMs: 0 } });
  let slowest = { index: -1, ms: 0 };
  let frames = 0;
  for (let k = 0; k < cases.length; k++) {
    const i = start + k;
    const [s, ops] = cases[k];
    process.stdout.write(`CASE ${i}\n`);
    const t0 = performance.now();
    try {
      await playSequence(client, `file:///fuzz/long${i}.mmlab`, s, ops);
      if (client.proc.exitCode !== null) throw new Error(`server exited (${client.proc.exitCode}): ${client.stderr.slice(-1500)}`);
      const errors = client.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
      if (errors.length) throw new Error(`the server logged: ${(errors[0].params as { message: string }).message.slice(0, 1500)}`);
      if (k % FRAME_EVERY === FRAME_EVERY - 1) {
        // a malformed frame (the 10 MB header once per share), then a request that must be answered
        const bad = BAD_FRAMES[frames === 0 ? BAD_FRAMES.length - 1 : frames % (BAD_FRAMES.length - 1)];
        frames++;
        const inner = { jsonrpc: '2.0', id: `bad-${i}`, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///fuzz/none.mmlab' } } };
        client.proc.stdin!.write(bad.bytes(JSON.stringify(inner)));
        client.proc.stdin!.write(frame({ jsonrpc: '2.0', method: '$/mmlab/noop', params: {} }));
        const answer = await Promise.race([
          client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///fuzz/none.mmlab' } }).then(() => 'answered'),
          new Promise((r) => setTimeout(() => r('silent'), 30_000)),
        ]);
        if (answer !== 'answered') throw new Error(`no answer within 30 s after a malformed frame (${bad.name})`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { index: i, ms };
    } catch (e) {
      const text = JSON.stringify({ seed: s.file, ops });
      process.stdout.write(`FAIL ${i} ${JSON.stringify({ layer: 'protocol', message: (e instanceof Error ? e.stack ?? e.message : String(e)).slice(0, 4000), text })}\n`);
      if (client.proc.exitCode !== null) break;
    }
  }
  process.stdout.write(`STATS ${JSON.stringify({ slowest, maxRssKb: process.resourceUsage().maxRSS, serverMaxRssKb: peakRssKb(client.proc.pid), frames })}\n`);
  await client.close();
  process.stdout.write(`DONE ${cases.length}\n`);
}

void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
