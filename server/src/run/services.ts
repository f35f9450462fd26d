/**
 * The one wiring place between the core and the node services: run/ binds the `cram` node
 * kind to mm/cram.ts (the core never imports a service; a service registers its factory).
 */
import { cramServiceFactory } from '../mm/cxl_compression';
import { registerServiceFactory, serviceFactoryFor } from '../mm/node_private';

let wired = false;

export function wireServices(): void {
  if (wired) return;
  wired = true;
  // a test may have registered its own service for the kind first
  if (!serviceFactoryFor('cram')) registerServiceFactory('cram', cramServiceFactory);
}
