/**
 * One share of the long fuzz mode's protocol edit sequences (`npm run fuzz -- --long`, see
 * run.mjs). ONE real server process plays the whole share: each sequence
 * (test/fuzz/sequences.ts) opens a fresh URI, edits it with incremental changes, sends requests
 * without waiting, checks every answer and the server's copy of the text, and closes it;
 * IN_FLIGHT sequences run at once. After every FRAME_EVERY sequences, while nothing else is being
 * written, a malformed frame of issue 17 goes raw to the server's stdin, followed by a request
 * that must be answered. The server is restarted only when it died or went silent (a failure).
 * Spawning a server per sequence cost 1-2 s each; one server for thousands is what makes 10,000
 * sequences affordable.
 *
 * Same line protocol as worker.ts: `CASE i` when sequence i starts, `FAIL i <json>`, `STATS
 * <json>` (slowest sequence by wall clock, peak RSS of this process and of the servers, frames,
 * restarts), `DONE n`. Sequence i depends only on (SEED, i); it was played beside the others of
 * its round of FRAME_EVERY, so a replay plays that round (START = i rounded down to 20, COUNT 20),
 * or COUNT 1 for the sequence alone.
 *
 *   node --require tsx/cjs test/fuzz/protocolLong.ts SEED START COUNT
 */
import * as fs from 'fs';
import fc from 'fast-check';
import { LspClient, startClient } from '../protocol/harness';
import { seeds, Seed } from './corpus';
import { BAD_FRAMES, frame } from './framing';
import { Op, opArb, playSequence } from './sequences';

const FRAME_EVERY = 20;
/** sequences played at once on the one server (each on its own URI): the server's idle time between runs is used */
const IN_FLIGHT = 4;
const SETTINGS = { budget: { maxSteps: 20_000, maxMs: 300 }, debounceMs: 0 };

/** VmHWM of a process, in KiB (Linux), or 0. */
function peakRssKb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** the seed of sequence i: every sequence is sampled on its own, so a share costs only its own cases */
function sequenceSeed(seed: number, i: number): number {
  return (seed + Math.imul(i + 1, 0x85ebca6b)) | 0;
}

export function sequenceCase(seed: number, i: number): [Seed, Op[]] {
  const corpus = seeds().filter((s) => s.text.length < 3000);
  const arb = fc.tuple(fc.constantFrom(...corpus), fc.array(opArb, { minLength: 3, maxLength: 15 }).map((ops) => ops.filter((o: Op) => o.kind !== 'pause')));
  return fc.sample(arb, { seed: sequenceSeed(seed, i), numRuns: 1 })[0];
}

/** Resolves to 'answered' when a request is answered within `ms`, else 'silent' (or 'dead'). */
async function answers(client: LspClient, ms: number): Promise<'answered' | 'silent' | 'dead'> {
  if (gone(client)) return 'dead';
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///fuzz/none.mmlab' } }).then(
        () => 'answered' as const,
        () => 'answered' as const,
      ),
      exited(client).then(() => 'dead' as const),
      new Promise<'silent'>((r) => (timer = setTimeout(() => r('silent'), ms))),
    ]);
  } catch {
    return 'dead'; // the connection is closed: sendRequest throws
  } finally {
    clearTimeout(timer);
  }
}

const watched = new WeakMap<LspClient, { gone: boolean; promise: Promise<void> }>();
/** The server's end: its process exited or its stdout closed (the connection fails before 'exit' fires). */
function serverEnd(client: LspClient): { gone: boolean; promise: Promise<void> } {
  let w = watched.get(client);
  if (!w) {
    const state = { gone: client.proc.exitCode !== null, promise: Promise.resolve() };
    state.promise = new Promise<void>((r) => {
      const done = () => {
        state.gone = true;
        r();
      };
      if (state.gone) return done();
      client.proc.once('exit', done);
      client.conn.onClose(done);
    });
    watched.set(client, (w = state));
  }
  return w;
}
const gone = (client: LspClient) => serverEnd(client).gone;
const exited = (client: LspClient) => serverEnd(client).promise;

async function main(): Promise<void> {
  const [seedArg, startArg, countArg] = process.argv.slice(2);
  const seed = Number(seedArg);
  const start = Number(startArg);
  const end = start + Number(countArg);
  let client = await startClient({ settings: SETTINGS });
  serverEnd(client);
  let serverPeakKb = 0;
  let restarts = 0;
  let frames = 0;
  let slowest = { index: -1, ms: 0 };
  let seenErrors = 0;

  const fail = (i: number, message: string, text: string) =>
    process.stdout.write(`FAIL ${i} ${JSON.stringify({ layer: 'protocol', message: message.slice(0, 4000), text })}\n`);

  let restarting: Promise<void> | undefined;
  const restart = async () => {
    serverPeakKb = Math.max(serverPeakKb, peakRssKb(client.proc.pid));
    await client.close().catch(() => undefined);
    client = await startClient({ settings: SETTINGS });
    serverEnd(client);
    restarts++;
    seenErrors = 0;
  };

  const play = async (i: number): Promise<void> => {
    const [s, ops] = sequenceCase(seed, i);
    const uri = `file:///fuzz/long${i}.mmlab`;
    const round = i - ((i - start) % FRAME_EVERY);
    const text = JSON.stringify({ seed: s.file, ops, replay: `node --require tsx/cjs test/fuzz/protocolLong.ts ${seed} ${round} ${FRAME_EVERY}` });
    process.stdout.write(`CASE ${i}\n`);
    const t0 = performance.now();
    // a server that died in an earlier sequence is replaced first: one death, the sequences in flight fail
    while (gone(client)) await (restarting ??= restart().finally(() => (restarting = undefined)));
    const server = client;
    try {
      // a server that dies fails the sequence at once, not after its requests' 60 s timeouts
      const how = await Promise.race([playSequence(server, uri, s, ops).then(() => 'done' as const), exited(server).then(() => 'dead' as const)]);
      if (how === 'dead') throw new Error(`server exited or closed its output (${server.proc.exitCode ?? server.proc.signalCode ?? "still running"}): ${server.stderr.slice(-1500)}`);
      // an error the server logged while this sequence was in flight (with up to IN_FLIGHT - 1 others)
      const errors = server.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
      if (errors.length > seenErrors) {
        seenErrors = errors.length;
        throw new Error(`the server logged: ${(errors[errors.length - 1].params as { message: string }).message.slice(0, 1500)}`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { index: i, ms: Math.round(ms) };
    } catch (e) {
      fail(i, e instanceof Error ? (e.stack ?? e.message) : String(e), text);
    } finally {
      server.forget(uri);
    }
  };

  for (let round = start; round < end; round += FRAME_EVERY) {
    const last = Math.min(end, round + FRAME_EVERY);
    let next = round;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < last; i = next++) await play(i);
      }),
    );
    // between rounds nothing else is written: a raw frame cannot land inside another message
    if (!gone(client) && last - round === FRAME_EVERY) {
      const bad = BAD_FRAMES[frames === 0 ? BAD_FRAMES.length - 1 : frames % (BAD_FRAMES.length - 1)];
      frames++;
      const inner = { jsonrpc: '2.0', id: `bad-${last}`, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///fuzz/none.mmlab' } } };
      client.proc.stdin!.write(bad.bytes(JSON.stringify(inner)));
      // a too-large Content-Length swallows what follows: a notification to feed it
      client.proc.stdin!.write(frame({ jsonrpc: '2.0', method: '$/mmlab/noop', params: {} }));
      const state = await answers(client, 30_000);
      if (state !== 'answered') fail(last - 1, `${state === 'dead' ? 'the server exited' : 'no answer within 30 s'} after a malformed frame (${bad.name})`, `malformed frame ${bad.name} after sequence ${last - 1}`);
    }
    // restart only after a failure: the server died or does not answer
    const state = await answers(client, 30_000);
    if (state !== 'answered') {
      if (state === 'silent') fail(last - 1, 'the server stopped answering', `after sequence ${last - 1}`);
      await restart();
    }
  }
  serverPeakKb = Math.max(serverPeakKb, peakRssKb(client.proc.pid));
  process.stdout.write(`STATS ${JSON.stringify({ slowest, maxRssKb: process.resourceUsage().maxRSS, serverMaxRssKb: serverPeakKb, frames, restarts })}\n`);
  await client.close();
  process.stdout.write(`DONE ${end - start}\n`);
}

if (require.main === module)
  void main().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
