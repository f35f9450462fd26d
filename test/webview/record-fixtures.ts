/**
 * Re-records the webview fixtures from real runs: spawns the built language
 * server (dist/server/server.js, `npm run build` first) over stdio, opens each
 * fixture scenario and saves its mmlab/run and mmlab/compare answers. The
 * injection fixtures are the real run with hostile strings put into every
 * name and title afterwards (the language itself only lets titles and kernel
 * labels carry them; the webviews must not trust even the rest).
 *
 *   npx tsx test/webview/record-fixtures.ts
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { COMPARE_REQUEST, CompareData, RUN_REQUEST, RunData } from '../../server/src/lsp/protocol';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');
const URI = 'file:///work/ws/cram-demotion.mmlab';
const X = '<img src=x onerror="window.__pwned=1">';
const S = '</script><script>window.__pwned=2</script>';

async function main(): Promise<void> {
  const server = spawn(process.execPath, [path.join(ROOT, 'dist/server/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} });
  conn.sendNotification('initialized', {});
  const text = fs.readFileSync(path.join(FIXTURES, 'cram-demotion.mmlab'), 'utf8');
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'mmlab', version: 1, text } });
  const run = await conn.sendRequest<RunData>(RUN_REQUEST, { uri: URI });
  const compare = await conn.sendRequest<CompareData>(COMPARE_REQUEST, { uri: URI });
  await conn.sendRequest('shutdown');
  conn.dispose();
  server.kill();

  const write = (name: string, data: unknown) => fs.writeFileSync(path.join(FIXTURES, name), JSON.stringify(data, null, 1) + '\n');
  write('cram-demotion.run.json', run);
  write('cram-demotion.compare.json', compare);

  // Hostile strings everywhere a scenario string reaches the page.
  const rename = (o: string) => (o.includes(':') ? `${o}${X}` : o);
  const inj: RunData = JSON.parse(JSON.stringify(run));
  inj.uri = 'file:///work/ws/%3Cscript%3E.mmlab';
  inj.title = `T${S}${X}`;
  for (const n of inj.nodes) for (const o of n.owners) o.owner = rename(o.owner);
  for (const s of inj.steps) {
    for (const n of s.nodes) for (const o of n.owners) o.owner = rename(o.owner);
    for (const p of s.placements) p.owner = rename(p.owner);
    if (s.actor) s.actor = `${s.actor}${S}`;
    s.explain.push(`explain ${X}`);
    s.events.push({ tp: `tp${X}`, text: S });
  }
  for (const m of inj.mappings) m.name = `${m.name}${X}`;
  inj.expectations[0].text = `expect ${X}`;
  inj.expectations[0].actual = S;
  write('injection.run.json', inj);
  const injc: CompareData = JSON.parse(JSON.stringify(compare));
  injc.uri = inj.uri;
  injc.rows[0].text = `buf${X}`;
  const d0 = injc.designs[0];
  injc.rows[1].cells[d0] = { outcome: 'error', text: S, detail: X };
  write('injection.compare.json', injc);
  console.log(`recorded: ${run.steps.length} steps, ${run.nodes.length} nodes, ${compare.rows.length} comparison rows`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
