import * as assert from 'assert';
import { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/config';
import { Documents } from '../../server/src/lsp/documents';
import { RunScheduler } from '../../server/src/lsp/runs';
import { JobInput, JobOutcome, SimulationHost } from '../../server/src/lsp/simHost';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** the debounce window of the test's settings */
const WINDOW_MS = 1000;

/**
 * Keystrokes closer together than the debounce window on a document whose runs outlast them: no
 * run is started until the burst pauses (each would be cancelled by the next keystroke), then one
 * for the last version. A fake simulation host counts the runs started.
 */
describe('run scheduling: a burst of keystrokes faster than the debounce window', function () {
  this.timeout(60000);

  /**
   * One burst on a fresh scheduler. `longestGapMs` is the longest wait between two scheduling
   * events (the open, each keystroke): a gap as long as the window is a real pause to the
   * scheduler, after which starting a run is right, so such a burst proves nothing either way.
   */
  async function burst(): Promise<{ duringBurst: number; afterPause: number; lastIsLatest: boolean; longestGapMs: number }> {
    const started: { input: JobInput; resolve: (o: JobOutcome) => void }[] = [];
    const host = {
      submit(input: JobInput) {
        let resolve!: (o: JobOutcome) => void;
        const promise = new Promise<JobOutcome>((r) => (resolve = r));
        started.push({ input, resolve });
        return { id: started.length, promise, cancel: () => resolve({ status: 'cancelled' }) };
      },
      forget(closed: string) {
        forgotten.push(closed);
      },
    } as unknown as SimulationHost;
    const forgotten: string[] = [];
    const connection = { sendDiagnostics: () => undefined, sendNotification: async () => undefined, sendRequest: async () => undefined } as unknown as Connection;
    const docs = new Documents();
    // a window far longer than the gap between keystrokes, so that a slow machine cannot make a gap look like a pause
    const settings = { ...DEFAULT_SETTINGS, debounceMs: WINDOW_MS };
    const runs = new RunScheduler(connection, docs, host, host, {
      settings: () => settings,
      caps: { progress: false, codeLensRefresh: false, inlayHintRefresh: false },
      designs: () => undefined,
      guard: (_where, fn) => fn(),
    });
    const uri = 'file:///burst.mmlab';
    const text = 'node 0 dram 4G cpus 0-3\ntask a {\n  x = mmap(4M)\n  touch(x)\n}\n';
    const st = docs.open(uri, 'mmlab', 1, text);
    runs.scheduleRun(st);
    assert.strictEqual(started.length, 1, 'the opened document runs at once');
    let last = performance.now();
    let longestGapMs = 0;
    // the first run takes 300 ms: longer than the gap between the keystrokes below
    await sleep(300);
    started[0].resolve({ status: 'done', runs: [], ms: 300, staticDiagnostics: [] });
    await sleep(10);
    // 1.5 s of keystrokes 20 ms apart: with a leading-edge debounce a run would start every second
    let version = 1;
    const end = performance.now() + 1500;
    while (performance.now() < end) {
      version++;
      const at = text.length - 2;
      docs.change(uri, version, [{ range: { start: st.doc.positionAt(at), end: st.doc.positionAt(at) }, text: version % 2 ? '' : ' ' }]);
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      runs.scheduleRun(st);
      await sleep(20);
    }
    const duringBurst = started.length - 1;
    await sleep(WINDOW_MS + 300);
    const afterPause = started.length - 1 - duringBurst;
    const lastIsLatest = started[started.length - 1].input.text === st.doc.getText();
    runs.close(uri);
    // closed: the worker is told to drop what it keeps for the document (lsp/simHost.ts forget)
    assert.deepStrictEqual(forgotten, [uri]);
    return { duringBurst, afterPause, lastIsLatest, longestGapMs };
  }

  it('starts no run during the burst, then one for the version it ended on', async function () {
    // A loaded machine can stall a timer for longer than the window (seen at load 16): that burst
    // had a real pause, so it is tried again, up to three times.
    const tries: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await burst();
      if (r.longestGapMs >= WINDOW_MS / 2) {
        tries.push(Math.round(r.longestGapMs));
        continue;
      }
      assert.strictEqual(r.duringBurst, 0, 'no run started while the keystrokes went on');
      assert.strictEqual(r.afterPause, 1, 'one run once the burst paused');
      assert.ok(r.lastIsLatest, 'of the last version');
      return;
    }
    console.log(`      skipped: each of the three bursts had a stall of half the window or more (${tries.join(', ')} ms): nothing to conclude on this machine now`);
    this.skip();
  });
});
