/**
 * Entry point VS Code's extension host loads as extensionTestsPath (through
 * code-server's smoke-test-driver payload, or @vscode/test-electron). Runs the
 * mocha suites bundled beside it, prints `N passed, N failed`, and writes the
 * results (and the extension's activation timings) to $MMLAB_E2E_RESULTS.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // MMLAB_E2E_GREP (scripts/e2e/run.mjs --only=TEXT) runs only the tests whose title has TEXT
  const grep = process.env.MMLAB_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // The suites are bundled into this file: install mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, 'e2e-bundle', mocha);
  require('./extension.test');
  require('./sweep.test');
  require('./userDesigns.test');
  const failures: { title: string; error: string }[] = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }));
  });
  const line = `${passed} passed, ${failures.length} failed`;
  console.log(line);
  const out = process.env.MMLAB_E2E_RESULTS;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const timings = (globalThis as { __mmlabTimings?: unknown }).__mmlabTimings;
    fs.writeFileSync(out, JSON.stringify({ passed, failed: failures.length, failures, timings, line }, null, 2));
  }
  if (failures.length) throw new Error(`${failures.length} e2e test(s) failed`);
}
