/**
 * The one wiring place between the core and the node services: run/ binds the
 * `cram` node kind to mm/cram.ts when that module exists. Without it a cram node
 * is a private node with CRAM_OPS and the stand-in driver behaviour.
 */
import { registerServiceFactory, serviceFactoryFor, ServiceFactory } from '../mm/node_private';

let wired = false;

export function wireServices(): void {
  if (wired) return;
  wired = true;
  if (serviceFactoryFor('cram')) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../mm/cram') as { createCramService?: ServiceFactory; cramServiceFactory?: ServiceFactory };
    const f = mod.createCramService ?? mod.cramServiceFactory;
    if (f) registerServiceFactory('cram', f);
  } catch {
    // mm/cram.ts not there yet
  }
}
