/**
 * product.md: "the scenario never makes the tool touch the file system or
 * network (a `file` mapping is simulated)". While the whole pipeline runs on
 * every seed scenario and on generated ones (file mappings, sysctls, hostile
 * names), every fs, net, http(s), dns and child_process entry point records
 * its calls; none may be called.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { scenarioArb } from './arbitraries';
import { FUZZ_SEED, reportCount, runs } from './config';
import { seeds } from './corpus';
import { checkPipeline } from './pipeline';

type Patchable = Record<string, unknown>;

function trap(modules: [string, Patchable][], calls: string[]): () => void {
  const restore: (() => void)[] = [];
  for (const [name, mod] of modules) {
    for (const key of Object.keys(mod)) {
      const orig = mod[key];
      if (typeof orig !== 'function' || /^[A-Z]/.test(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(mod, key);
      if (!desc || (!desc.writable && !desc.set && !desc.configurable)) continue;
      try {
        const wrapped = function (this: unknown, ...args: unknown[]) {
          calls.push(`${name}.${key}(${String(args[0]).slice(0, 80)})`);
          return (orig as (...a: unknown[]) => unknown).apply(this, args);
        };
        if (desc.configurable) Object.defineProperty(mod, key, { configurable: true, enumerable: desc.enumerable, writable: true, value: wrapped });
        else mod[key] = wrapped;
        restore.push(() => Object.defineProperty(mod, key, desc));
      } catch {
        /* a frozen binding: skip */
      }
    }
  }
  return () => restore.reverse().forEach((r) => r());
}

describe('sandbox: running scenarios touches no file system, network or process', function () {
  this.timeout(300_000);

  it('the pipeline on seeds and generated scenarios makes no fs/net/http/dns/child_process call', () => {
    const corpus = seeds();
    // file mappings explicitly: a `file` mapping is simulated, never opened
    const extra = ['node 0 dram 4G cpus 0-3\ntask app {\n  f = mmap(64M, file, shared)\n  touch(f)\n  mbind(f, MPOL_BIND, 0)\n  madvise(f, MADV_PAGEOUT)\n  munmap(f)\n}\n'];
    const generated = fc.sample(scenarioArb, { seed: FUZZ_SEED, numRuns: runs(30) });
    const inputs = [...corpus.map((s) => s.text), ...extra, ...generated];
    const check = (text: string) => checkPipeline(text, { designs: ['private_v4'], maxSteps: 2000, maxMs: 100, offsets: 4 });
    // first pass unwatched: modules the pipeline loads lazily are read from disk once (the module loader, not the scenario)
    inputs.forEach(check);
    const calls: string[] = [];
    // the module objects themselves (what every other module's require returns), not import wrappers
    const mods = ['fs', 'net', 'http', 'https', 'dns', 'child_process', 'worker_threads'].map((m): [string, Patchable] => [m, require(m) as Patchable]);
    mods.push(['fs.promises', require('fs').promises as Patchable]);
    const untrap = trap(mods, calls);
    // the trap must see a call (else this test would prove nothing)
    require('fs').existsSync(__filename);
    assert.equal(calls.length, 1, 'the trap records calls');
    calls.length = 0;
    let n = 0;
    try {
      for (const text of inputs) {
        check(text);
        n++;
      }
    } finally {
      untrap();
    }
    assert.deepEqual(calls.slice(0, 20), [], `${calls.length} calls to the outside world`);
    reportCount('sandbox: pipeline runs watched for fs/net/process calls', n);
  });
});
