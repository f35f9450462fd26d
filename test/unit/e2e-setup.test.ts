/**
 * `npm run test:e2e` sets itself up (issue 12): when its tools are missing, scripts/e2e/run.mjs
 * runs the (idempotent, cached) setup script before anything else, and says plainly when the
 * setup fails or leaves a tool missing. A stand-in setup script (MMLAB_E2E_SETUP) keeps this test
 * offline; the real one is scripts/e2e/setup.sh.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');

function runE2e(setupBody: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mmlab-e2e-setup-'));
  const tools = join(dir, 'tools');
  const setup = join(dir, 'setup.sh');
  writeFileSync(setup, `set -e\nmkdir -p "$MMLAB_E2E_TOOLS"\ntouch "${dir}/setup-ran"\n${setupBody}\n`);
  const r = spawnSync(process.execPath, ['scripts/e2e/run.mjs', '--no-package'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, MMLAB_E2E_TOOLS: tools, MMLAB_E2E_SETUP: setup },
  });
  const ran = existsSync(join(dir, 'setup-ran'));
  rmSync(dir, { recursive: true, force: true });
  return { ...r, ran, tools };
}

describe('npm run test:e2e: self-setup', function () {
  this.timeout(120000);

  it('runs the setup when the tools are missing, and names a tool the setup did not provide', () => {
    const r = runE2e(`echo '{"node":"/nonexistent/node","codeServerEntry":"/nonexistent/cs","chromium":"/nonexistent/chromium"}' > "$MMLAB_E2E_TOOLS/env.json"`);
    assert.ok(r.ran, 'the setup script ran');
    assert.match(r.stdout, /\[e2e\] tools missing \(.*env\.json\): running /);
    assert.match(r.stdout, /setup finished but \/nonexistent\/node is still missing/);
    assert.strictEqual(r.status, 2);
  });

  it('stops with the setup\'s exit status named when the setup fails', () => {
    const r = runE2e('exit 3');
    assert.ok(r.ran);
    assert.match(r.stdout, /failed \(exit 3\); see its output above/);
    assert.strictEqual(r.status, 2);
  });
});
