/** Bundles the real-editor mocha suite for the extension host (vscode and mocha stay external). */
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SUITE_OUT = path.join(ROOT, 'out/e2e/suite/index.js');

export async function bundleSuite() {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test/e2e/suite/index.ts')],
    outfile: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_OUT;
}
