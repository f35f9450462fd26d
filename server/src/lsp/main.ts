/** Standalone stdio entry (bundled to dist/server/server.js). */
import { startServer } from './server';

startServer();
