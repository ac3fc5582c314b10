// Builds the app when the sources are newer than the build, so `npm start` and `npm run serve` always
// run what is in src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'out', 'node', 'server.js');
const inputs = ['src', 'electron.vite.config.ts', 'package.json'];

function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stats.mtimeMs);
}

export function isBuilt() {
  if (!existsSync(stamp) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) return false;
  const built = statSync(stamp).mtimeMs;
  return inputs.every((input) => !existsSync(join(root, input)) || newest(join(root, input)) <= built);
}

export function ensureBuilt() {
  if (isBuilt()) return;
  console.log('Concurrency Lab: building (electron-vite build)...');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error('Concurrency Lab: the build failed; see the errors above.');
    process.exit(result.status ?? 1);
  }
}
