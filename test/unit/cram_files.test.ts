/**
 * Where the CRAM code lives (server/src/mm/README.md, "The CRAM stack"): each piece in the file
 * named after the source it models. mm/cram.c is cram.ts (+ cram/); the cxl_compression driver is
 * cxl_compression.ts; the device itself, which has no kernel source, is cxl_device.ts (+
 * cxl_device/). The imports say it: CRAM knows no media and no compression ratio (only its
 * owner, the driver, does), the device knows no kernel, and the rest of the tree reaches the
 * stack only through the node's service (run/services.ts wires the driver's factory).
 */
import * as assert from 'assert';
import * as path from 'path';
import { loadGraph, ModuleGraph } from './layerRules';

const MM = 'server/src/mm/';
const isCram = (f: string) => f === `${MM}cram.ts` || f.startsWith(`${MM}cram/`);
const isDevice = (f: string) => f === `${MM}cxl_device.ts` || f.startsWith(`${MM}cxl_device/`);
const DRIVER = `${MM}cxl_compression.ts`;
/** the one place outside the stack that names it: the service registry's wiring */
const WIRING = 'server/src/run/services.ts';

/** every import that breaks the rule, as "from -> to: why" */
export function cramFileViolations(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [from, mod] of graph) {
    for (const { to } of mod.imports) {
      if (isCram(from) && (isDevice(to) || to === DRIVER)) out.push(`${from} -> ${to}: mm/cram.c knows no device (only its owner, the driver, does)`);
      if (isDevice(from) && !isDevice(to) && !to.startsWith('server/src/common/')) out.push(`${from} -> ${to}: the device has no kernel source and imports no kernel code`);
      const inStack = isCram(from) || isDevice(from) || from === DRIVER;
      if (!inStack && from !== WIRING && (isDevice(to) || to === DRIVER)) out.push(`${from} -> ${to}: only the node's service reaches the driver and the device`);
    }
  }
  return out.sort();
}

describe('the CRAM stack: each piece in the file of the source it models', function () {
  const root = path.join(__dirname, '../..');
  const graph = loadGraph(root, ['server/src']);

  it('the tree has the three parts and follows the rule', () => {
    for (const f of [`${MM}cram.ts`, `${MM}cram/registration.ts`, DRIVER, `${MM}cxl_device.ts`, `${MM}cxl_device/media_map.ts`]) assert.ok(graph.has(f), f);
    assert.ok(graph.get(DRIVER)!.imports.some((e) => e.to === `${MM}cram.ts`) && graph.get(DRIVER)!.imports.some((e) => e.to === `${MM}cxl_device.ts`), 'the driver binds the two');
    assert.deepStrictEqual(cramFileViolations(graph), []);
  });

  it('fails when CRAM reaches the device, the device reaches the kernel, or the core reaches the driver', () => {
    const g: ModuleGraph = new Map(graph);
    const add = (f: string, to: string) => g.set(f, { ...g.get(f)!, imports: [...g.get(f)!.imports, { to, names: ['x'] }] });
    add(`${MM}cram.ts`, `${MM}cxl_device/media_map.ts`);
    add(`${MM}cxl_device.ts`, `${MM}node_private.ts`);
    add(`${MM}vmscan.ts`, DRIVER);
    assert.deepStrictEqual(cramFileViolations(g), [
      `${MM}cram.ts -> ${MM}cxl_device/media_map.ts: mm/cram.c knows no device (only its owner, the driver, does)`,
      `${MM}cxl_device.ts -> ${MM}node_private.ts: the device has no kernel source and imports no kernel code`,
      `${MM}vmscan.ts -> ${DRIVER}: only the node's service reaches the driver and the device`,
    ]);
  });
});
