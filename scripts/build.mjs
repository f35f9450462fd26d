// Bundles every runnable piece with esbuild. tsc type-checks separately (npm run typecheck);
// esbuild only strips types, which keeps the build under a second.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, chmodSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

const targets = [
  { entry: 'client/src/extension.ts', out: 'dist/client/extension.js', opts: { ...node, external: ['vscode'] } },
  { entry: 'server/src/lsp/main.ts', out: 'dist/server/server.js', opts: node },
  { entry: 'server/src/lsp/worker.ts', out: 'dist/server/worker.js', opts: node },
  { entry: 'server/src/cli/main.ts', out: 'dist/cli.js', opts: { ...node, banner: { js: '#!/usr/bin/env node' } } },
];
const webviewDir = join(root, 'server/src/webview');
if (existsSync(webviewDir)) {
  for (const f of readdirSync(webviewDir).filter((f) => f.endsWith('.entry.ts'))) {
    targets.push({
      entry: `server/src/webview/${f}`,
      out: `dist/webview/${basename(f, '.entry.ts')}.js`,
      opts: { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, minify: production, logLevel: 'warning' },
    });
  }
}

const contexts = [];
for (const t of targets) {
  mkdirSync(join(root, t.out, '..'), { recursive: true });
  const ctx = await esbuild.context({ ...t.opts, entryPoints: [join(root, t.entry)], outfile: join(root, t.out) });
  contexts.push(ctx);
}
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
  console.log(`build: ${contexts.length} bundles`);
}
