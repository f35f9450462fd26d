import * as assert from 'assert';
import { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/config';
import { Documents } from '../../server/src/lsp/documents';
import { LARGE_FILE_LINES, LONG_WORKER_START_MS, RunScheduler } from '../../server/src/lsp/runs';
import { JobInput, JobOutcome, SimulationHost } from '../../server/src/lsp/simHost';

/** a fake simulation host: the jobs submitted to it, and whether its worker was started */
function fakeHost() {
  const jobs: JobInput[] = [];
  const host = {
    started: 0,
    submit(input: JobInput) {
      jobs.push(input);
      return { id: jobs.length, promise: new Promise<JobOutcome>(() => undefined), cancel: () => undefined };
    },
    start() {
      host.started++;
    },
  };
  return { jobs, host, sim: host as unknown as SimulationHost };
}

/**
 * Long documents' background runs go to a worker of their own (ADR 0028): the short documents'
 * runs (trace on, statements a long document never has) would deoptimise the code its edits run.
 */
describe('run scheduling: long documents have a background worker of their own', () => {
  const connection = { sendDiagnostics: () => undefined, sendNotification: async () => undefined, sendRequest: async () => undefined } as unknown as Connection;
  const env = {
    settings: () => DEFAULT_SETTINGS,
    caps: { progress: false, codeLensRefresh: false, inlayHintRefresh: false },
    designs: () => undefined,
    guard: <T>(_where: string, fn: () => T) => fn(),
  };
  const short = 'node 0 dram 4G cpus 0-3\ntask a {\n  x = mmap(4M)\n  touch(x)\n}\n';
  const long = short + '// padding\n'.repeat(LARGE_FILE_LINES);

  it('runs a short document on the short documents\' worker and starts the long documents\' one', async function () {
    this.timeout(LONG_WORKER_START_MS + 10_000);
    const s = fakeHost();
    const l = fakeHost();
    const docs = new Documents();
    const runs = new RunScheduler(connection, docs, s.sim, fakeHost().sim, env, l.sim);
    runs.scheduleRun(docs.open('file:///short.mmlab', 'mmlab', 1, short));
    assert.deepStrictEqual([s.jobs.length, l.jobs.length], [1, 0]);
    assert.strictEqual(s.jobs[0].trace, undefined, 'a short document runs with trace events');
    await new Promise((r) => setTimeout(r, LONG_WORKER_START_MS + 200));
    assert.ok(l.host.started > 0, 'the long documents\' worker starts before a long document comes, to warm up');
    runs.close('file:///short.mmlab');
  });

  it('runs a long document on the long documents\' worker, as the editor runs a long document', () => {
    const s = fakeHost();
    const l = fakeHost();
    const docs = new Documents();
    const runs = new RunScheduler(connection, docs, s.sim, fakeHost().sim, env, l.sim);
    runs.scheduleRun(docs.open('file:///long.mmlab', 'mmlab', 1, long));
    assert.deepStrictEqual([s.jobs.length, l.jobs.length], [0, 1]);
    assert.strictEqual(l.jobs[0].trace, false);
    assert.strictEqual(l.jobs[0].maxStepRecords, 0);
    runs.close('file:///long.mmlab');
  });
});
