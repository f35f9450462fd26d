/** Standalone stdio entry (bundled to dist/server/server.js). */
import { startServer } from './server';
import { applyHelperNice } from './threadPriority';

// V8's helper threads behind the editor's: before any worker is made, so workers keep this thread's priority (ADR 0032)
applyHelperNice();
startServer();
