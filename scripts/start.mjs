// `npm start`: the desktop window when Electron can run here, browser mode when it cannot, saying why in
// one line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureBuilt, root } from './build-state.mjs';
import { electronInstaller, findElectronBinary } from './electron-binary.mjs';

const FETCH_TIMEOUT_MS = 180_000;

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function fetchElectron() {
  if (!existsSync(electronInstaller)) return null;
  console.log('Concurrency Lab: the Electron binary is not here yet; fetching it (npx install-electron)...');
  // The installer's own output is a stack trace when offline; its first error line is all a person needs.
  const result = spawnSync(process.execPath, [electronInstaller], { cwd: root, encoding: 'utf8', timeout: FETCH_TIMEOUT_MS });
  if (result.status === 0) return findElectronBinary();
  const why = `${result.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line))?.trim() ?? 'no reason given';
  console.log(`Concurrency Lab: fetching Electron failed (${why}).`);
  return null;
}

async function startBrowserMode(reason) {
  console.log(`Concurrency Lab: ${reason}; starting browser mode instead.`);
  await import('./serve.mjs');
}

function startElectron(binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
  // The window's own quit path stops the lab; forward Ctrl-C and SIGTERM so it runs.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

ensureBuilt();
if (!hasDisplay()) {
  await startBrowserMode('no display found (DISPLAY is not set)');
} else {
  const binary = findElectronBinary() ?? fetchElectron();
  if (binary === null) await startBrowserMode('the Electron binary could not be had (offline, or no build for this platform)');
  else startElectron(binary);
}
