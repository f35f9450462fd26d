/**
 * The same real-editor suite through @vscode/test-electron, for machines that can
 * download VS Code (developers' desktops, public CI). Offline machines use
 * scripts/e2e/run.mjs (code-server) instead.
 *
 *   npm run build && npx tsx test/e2e/electron.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const { bundleSuite } = (await import(path.join(ROOT, 'scripts/e2e/bundle-suite.mjs'))) as { bundleSuite(): Promise<string> };
  const extensionTestsPath = await bundleSuite();
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mmlab-e2e-electron-'));
  fs.cpSync(path.join(ROOT, 'test/e2e/workspace'), ws, { recursive: true });
  const results = path.join(ROOT, 'test-results/e2e-electron/mocha-results.json');
  try {
    await runTests({
      version: '1.139.1',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      extensionTestsEnv: { MMLAB_E2E_RESULTS: results },
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
  if (fs.existsSync(results)) console.log(JSON.parse(fs.readFileSync(results, 'utf8')).line);
}

void main();
