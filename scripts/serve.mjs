// `npm run serve`: browser mode. Builds if the sources changed, then runs the server, which prints its URL.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureBuilt, root } from './build-state.mjs';

ensureBuilt();
createRequire(import.meta.url)(join(root, 'out', 'node', 'server.js'));
