/**
 * Loads the built webview bundles in Debian's headless Chromium (playwright-core),
 * inside the same HTML shell and CSP the extension uses, with a stand-in for
 * acquireVsCodeApi that records posted messages and keeps setState across reloads
 * (sessionStorage), as VS Code does for a restored panel.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, Browser, Page } from 'playwright-core';
import { webviewShellHtml } from '../../server/src/webview/shell';

export const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = process.env.MMLAB_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'test-results', 'webview');
const OUT = path.join(ROOT, 'out', 'webview-test');
const VIEWS = ['memoryMap', 'compare', 'sweep'] as const;
type View = (typeof VIEWS)[number];

export function fixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as T;
}

/** Fails loudly (never skips) when the browser is missing. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/e2e/setup.sh (or, as root, apt-get install -y chromium); the webview tests need a real browser`);
  }
}

/** Bundles the webview entry points exactly as scripts/build.mjs does (browser, iife). */
export async function bundleWebviews(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  await esbuild.build({
    entryPoints: VIEWS.map((n) => path.join(ROOT, 'server/src/webview', `${n}.entry.ts`)),
    outdir: OUT,
    entryNames: '[name]',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  for (const n of VIEWS) fs.renameSync(path.join(OUT, `${n}.entry.js`), path.join(OUT, `${n}.js`));
}

export interface Harness {
  browser: Browser;
  origin: string;
  close(): Promise<void>;
  open(view: View, documentUri?: string): Promise<LoadedPage>;
}

export interface LoadedPage {
  page: Page;
  /** console errors and CSP violations seen so far */
  problems: string[];
  posted(): Promise<any[]>;
  send(msg: unknown): Promise<void>;
}

const INIT_SCRIPT = `
  window.__posted = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
  });
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => { const s = sessionStorage.getItem('state'); return s ? JSON.parse(s) : undefined; },
    setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
  });
`;

export async function startHarness(): Promise<Harness> {
  requireChromium();
  await bundleWebviews();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(memoryMap|compare|sweep)\.(html|js)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    if (m[2] === 'js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(path.join(OUT, `${m[1]}.js`)));
      return;
    }
    const origin = `http://${req.headers.host}`;
    const html = webviewShellHtml({
      cspSource: origin,
      nonce: 'n' + Math.random().toString(36).slice(2),
      scriptUri: `${origin}/${m[1]}.js`,
      title: 'test',
      documentUri: url.searchParams.get('uri') ?? 'file:///ws/test.mmlab',
      view: m[1] as View,
    });
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    origin,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
    async open(view, documentUri) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      // A string, not a function: the test runner's transpiler may add helpers a page lacks.
      await page.addInitScript(INIT_SCRIPT);
      await page.goto(`${origin}/${view}.html${documentUri ? `?uri=${encodeURIComponent(documentUri)}` : ''}`);
      await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'));
      return {
        page,
        problems,
        posted: () => page.evaluate(() => (window as any).__posted),
        send: async (msg) => {
          await page.evaluate((m) => window.postMessage(m, '*'), msg);
        },
      };
    },
  };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).__csp ?? []);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
