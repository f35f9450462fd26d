/**
 * Requests on a large file while it is typed (lsp/runView.ts): they answer from the latest run
 * this thread has analysed, never analysing a version typed since (even one whose run has landed),
 * and its step details (a step-recording run on the request worker, lsp/runs.ts detailedRun) are
 * not computed for a version being typed over: a request while the document is typed asks for them
 * once the typing pauses, and a detail job of a version the document has left is cancelled. (The
 * burst bench's hovers waited 40-300 ms while the server's thread analysed the versions typed, or
 * decoded the step records of versions already typed over.) Fake simulation hosts count the jobs;
 * the run results are real runs of the text.
 */
import * as assert from 'assert';
import { Connection } from 'vscode-languageserver/node';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/config';
import { Documents, TYPING_GAP_MS } from '../../server/src/lsp/documents';
import { LARGE_FILE_LINES, RunScheduler } from '../../server/src/lsp/runs';
import { runView } from '../../server/src/lsp/runView';
import { Session } from '../../server/src/lsp/session';
import { JobInput, JobOutcome, SimulationHost } from '../../server/src/lsp/simHost';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Job {
  input: JobInput;
  resolve: (o: JobOutcome) => void;
  cancelled: boolean;
}

/** a host that keeps the jobs submitted to it, each settled by the test (or cancelled) */
function fakeHost(jobs: Job[]): SimulationHost {
  return {
    submit(input: JobInput) {
      let resolve!: (o: JobOutcome) => void;
      const promise = new Promise<JobOutcome>((r) => (resolve = r));
      const job: Job = { input, resolve, cancelled: false };
      jobs.push(job);
      return {
        id: jobs.length,
        promise,
        cancel: () => {
          job.cancelled = true;
          resolve({ status: 'cancelled' });
        },
      };
    },
    forget() {},
  } as unknown as SimulationHost;
}

/**
 * the outcome of a real diagnostics-only run of the job's text (the keystrokes below alternate
 * between two texts: each is run once, so that a slow machine's runs do not outlast the typing gap)
 */
const outcomes = new Map<string, JobOutcome>();
function done(input: JobInput): JobOutcome {
  let o = outcomes.get(input.text);
  if (o === undefined) {
    const stat = analyzeStatic(input.text);
    const run = runProgram(stat.program, stat.diagnostics, { design: designFor(stat), trace: false, maxStepRecords: 0 });
    outcomes.set(input.text, (o = { status: 'done', runs: [run], ms: 1, staticDiagnostics: stat.diagnostics }));
  }
  // (a result object of its own per job: the tests tell runs apart by identity)
  return { ...o, runs: o.status === 'done' ? o.runs.map((r) => ({ ...r })) : [] } as JobOutcome;
}

function largeText(): string {
  const lines = ['node 0 dram 64G cpus 0-7'];
  for (let i = 0; lines.length <= LARGE_FILE_LINES + 50; i++) lines.push(`task t${i} cpu 0 {`, '  a = mmap(4M)', '  touch(a)', '}');
  return lines.join('\n') + '\n';
}

function setup() {
  const background: Job[] = [];
  const requests: Job[] = [];
  const connection = { sendDiagnostics: () => undefined, sendNotification: async () => undefined, sendRequest: async () => undefined } as unknown as Connection;
  const docs = new Documents();
  const settings = { ...DEFAULT_SETTINGS, debounceMs: 0 };
  const runs = new RunScheduler(connection, docs, fakeHost(background), fakeHost(requests), {
    settings: () => settings,
    caps: { progress: false, codeLensRefresh: false, inlayHintRefresh: false },
    designs: () => undefined,
    guard: (_where, fn) => fn(),
  });
  // what runView reads of a session: the documents, the runs, the current version's context
  // (contextNow as the session's: the current version analysed on this thread)
  const session = {
    docs,
    runs,
    contextNow: (uri: string) => {
      const st = docs.get(uri)!;
      return { stat: docs.ensure(st), run: st.run?.result };
    },
  } as unknown as Session;
  const uri = 'file:///large.mmlab';
  const st = docs.open(uri, 'mmlab', 1, largeText());
  /** a keystroke at the end of the file (a space, then taken back), scheduled as the server does */
  const type = (): void => {
    const v = st.doc.version + 1;
    const end = st.doc.getText().length;
    const change = v % 2 === 0 ? { range: { start: st.doc.positionAt(end), end: st.doc.positionAt(end) }, text: ' ' } : { range: { start: st.doc.positionAt(end - 1), end: st.doc.positionAt(end) }, text: '' };
    docs.change(uri, v, [change]);
    runs.scheduleRun(st);
  };
  /** the background job of the current version lands */
  const land = async (): Promise<void> => {
    const job = background[background.length - 1];
    assert.strictEqual(job.input.text, st.doc.getText(), 'the last background job is of the current version');
    job.resolve(done(job.input));
    await sleep(5);
  };
  const hover = () => runView(session, uri, [{ line: 2, character: 3 }]);
  return { background, requests, runs, docs, st, uri, type, land, hover };
}

/** `body` on a fresh scheduler whose document was opened and its first run landed; the document closed after */
async function opened(body: (t: ReturnType<typeof setup>) => Promise<void>): Promise<void> {
  const t = setup();
  try {
    t.runs.scheduleRun(t.st);
    await t.land();
    await body(t);
  } finally {
    t.runs.close(t.uri);
  }
}

describe('lsp: requests on a large file while it is typed (runView.ts, runs.ts askDetails)', function () {
  this.timeout(30_000);

  it('a request while the document is typed asks for no details; once the typing pauses, one detail job of the version it paused on', () =>
    opened(async (t) => {
      // two keystrokes close together: typing; the second one's run lands before the request
      t.type();
      await t.land();
      t.type();
      await t.land();
      const view = await t.hover();
      assert.ok(view, 'the request is answered from the run that landed');
      assert.strictEqual(t.requests.length, 0, 'no detail job while the document is being typed');
      await sleep(TYPING_GAP_MS + 150);
      assert.strictEqual(t.requests.length, 1, 'one detail job once the typing paused');
      assert.strictEqual(t.requests[0].input.text, t.st.doc.getText(), 'of the version the typing paused on');
      assert.strictEqual(t.requests[0].input.maxStepRecords, undefined, 'a step-recording run');
    }));

  it('a request after a pause asks for the details at once; the next keystroke cancels that job', () =>
    opened(async (t) => {
      await t.hover();
      assert.strictEqual(t.requests.length, 1, 'not typing: the details are asked for at once');
      assert.strictEqual(t.requests[0].cancelled, false);
      t.type();
      assert.strictEqual(t.requests[0].cancelled, true, 'the details of a version the document left are cancelled');
      assert.strictEqual(t.st.detail, undefined);
    }));

  it('a request while the document is typed does not analyse a version on the server\'s thread, even one whose run has landed', () =>
    opened(async (t) => {
      // the first version is analysed here (as a request after opening does)
      assert.ok(t.docs.ensure(t.st));
      const first = t.st.run!;
      t.type();
      await t.land();
      t.type();
      await t.land();
      assert.strictEqual(t.st.run!.version, t.st.doc.version, 'the current version\'s run landed');
      const view = await t.hover();
      assert.notStrictEqual(t.st.statVersion, t.st.doc.version, 'the version typed last was not analysed here');
      assert.strictEqual(view?.ctx.run, first.result, 'answered from the run this thread has analysed');
      assert.strictEqual(view?.offsets[0], t.st.doc.offsetAt({ line: 2, character: 3 }), 'its position mapped to that run\'s text (the edits were after it)');
    }));

  it('details that landed stay when the document changes (a typing request may still answer from them)', () =>
    opened(async (t) => {
      await t.hover();
      const job = t.requests[0];
      job.resolve(done(job.input));
      await sleep(5);
      assert.ok(t.st.detail?.done, 'the details landed');
      t.type();
      assert.strictEqual(job.cancelled, false);
      assert.ok(t.st.detail?.done, 'kept: they are the latest run\'s until the next run lands');
    }));
});
