import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labResources } from '../../../src/core/lab-resources';
import type { LabEvent } from '../../../src/shared/protocol';
import type { StartLesson } from '../../../src/shared/start-lesson';
import { PROJECT } from '../../support/builder-config';
import { packApp, unpackAsar, type PackagedApp } from '../../support/packaged-app';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/**
 * "Ready to install" (issue 11), as far as a machine without Electron's binaries can go: electron-builder packs
 * the app from electron-builder.yml (its `dir` target, with a stand-in for Electron: test/support/packaged-app.ts),
 * and the packaged app's own code, run by plain Node from a folder far from any clone, finds its shim, its
 * lessons, the seeds' examples and its scenarios in the packaged resources and runs a Python program observed.
 * What this cannot run: the Electron main process itself (src/main, which needs the binary), and the installers
 * (nsis, dmg, AppImage, deb need tools electron-builder downloads).
 */
let scratch: string;
let app: PackagedApp;
let unpacked: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  // A space in every path, as in an installed app's ("/opt/Concurrency Lab", "C:\\...\\Concurrency Lab").
  scratch = mkdtempSync(join(tmpdir(), 'lab packaged '));
  app = await packApp(scratch);
  unpacked = unpackAsar(app);
}, 200_000);

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every file below `folder`, as paths relative to it. */
function filesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const ofType = <T extends LabEvent['type']>(events: readonly LabEvent[], type: T) => events.filter((event): event is Extract<LabEvent, { type: T }> => event.type === type);

describe.runIf(process.platform === 'linux')('the packaged app', () => {
  it('is laid out by electron-builder: the executable, app.asar with the build and its dependencies, the resources beside it', () => {
    // Electron's binary, renamed to the configured executable.
    expect(statSync(join(app.appDir, 'concurrency-lab')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(app.appDir, 'concurrency-lab'), 'utf8')).toContain('a stand-in for Electron');
    const manifest = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const entry of [manifest.main, 'out/node/worker-thread.js', 'out/node/worker-process.js', 'out/node/server.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(app.asarEntries).toContain(`/${entry}`);
    }
    for (const dependency of Object.keys(manifest.dependencies)) expect(app.asarEntries).toContain(`/node_modules/${dependency}/package.json`);
    // No sources, no development dependencies, no source maps.
    expect(app.asarEntries.filter((entry) => entry.startsWith('/src/') || entry.endsWith('.map'))).toEqual([]);
    for (const tool of ['electron', 'electron-builder', 'vitest', 'react']) expect(app.asarEntries).not.toContain(`/node_modules/${tool}`);
    // The shim's folder as the clone has it, less Python's caches.
    const shim = filesBelow(join(PROJECT, 'resources', 'python')).filter((file) => !file.includes('__pycache__') && !file.endsWith('.pyc'));
    expect(filesBelow(join(app.resources, 'python'))).toEqual(shim);
  });

  it('ships the scenario library as the clone has it', () => {
    const source = join(PROJECT, 'resources', 'scenarios');
    const packaged = join(app.resources, 'scenarios');
    if (existsSync(source)) expect(filesBelow(packaged)).toEqual(filesBelow(source));
    else {
      // Until the library exists electron-builder skips the copy, and says so.
      expect(app.log).toContain("file source doesn't exist");
      expect(existsSync(packaged)).toBe(false);
    }
  });

  it('finds its resources from its own code: the resources directory that holds the app', () => {
    const found = labResources([join(unpacked, 'out', 'node')]);
    expect(found).toMatchObject({ root: app.resources, scenarios: join(app.resources, 'scenarios'), found: true });
    for (const lesson of ['start_methods.py', 'threads_vs_processes.py']) expect(existsSync(join(found.lessons, lesson))).toBe(true);
    expect(existsSync(join(found.examples, 'threading-and-multiprocessing', '08_deadlock_two_locks.py'))).toBe(true);
  });

  it('runs from there under plain Node: a scenario of the packaged library on the packaged example and shim, workers from the packaged entries, a lesson from its packaged script', async () => {
    const elsewhere = join(scratch, 'home');
    // A working directory with no resources/ above it, so nothing but the packaged layout can be found.
    mkdirSync(elsewhere);
    server = await ServerProcess.at(join(unpacked, 'out', 'node', 'server.js'), elsewhere);
    expect(server.stderr).not.toContain('shim was not found');
    // The line that runs a script from a terminal under this lab: its PYTHONPATH, shell-quoted for the space.
    const printed = /PYTHONPATH=(?:'([^']*)'|(\S+))/.exec(server.stdout);
    const shimPath = printed?.[1] ?? printed?.[2];
    expect(shimPath?.split(delimiter).slice(0, 2)).toEqual([join(app.resources, 'python', 'boot'), join(app.resources, 'python')]);

    // The scenario library, read from the packaged folder: every file of it, none refused.
    const library = await waitFor('the scenario library', () => ofType(server!.events, 'scenario.library').at(-1), 20_000);
    expect(library.problems).toEqual([]);
    const scenarioFiles = readdirSync(join(app.resources, 'scenarios')).filter((name) => /\.ya?ml$/.test(name));
    expect(scenarioFiles.length).toBeGreaterThan(1);
    expect(library.entries.map((entry) => entry.file).sort()).toEqual(scenarioFiles.sort());
    expect(library.entries.every((entry) => entry.source === 'library')).toBe(true);

    // Its two-lock deadlock: the seeds' program from the packaged examples, observed through the packaged shim,
    // and the scenario's check decided on what the lab saw.
    const run = await server.execute({ type: 'scenario.run', id: 'deadlock', variant: 'broken' });
    expect(run).toMatchObject({ ok: true });
    const decided = await waitFor('the verdict', () => ofType(server!.events, 'scenario.progress').find((each) => each.decided === true && each.progress.id === 'deadlock')?.progress, 60_000);
    expect(decided.check).toMatchObject({ state: 'pass', value: '2' });
    expect(decided.check?.verdict).toMatch(/^deadlock: a cycle of 2 threads/);
    const detected = ofType(server.events, 'deadlock.detected').at(-1)!;
    expect(detected.cycle.map((step) => step.primitive).sort()).toEqual(['mutexA', 'mutexB']);
    expect(ofType(server.events, 'python.process').some((hello) => hello.role === 'main')).toBe(true);
    expect(await server.execute({ type: 'scenario.reset', id: 'deadlock' })).toMatchObject({ ok: true });
    await waitFor('the reset', () => ofType(server!.events, 'scenario.progress').filter((each) => each.progress.id === 'deadlock').at(-1)?.progress.state === 'idle', 30_000);

    // A scenario whose program is a script of the library's own (scenarios/programs), which finds the example it
    // runs across the packaged folders (../../python/examples from itself, as in the clone).
    expect(await server.execute({ type: 'scenario.run', id: 'fork-spawn', variant: 'spawn' })).toMatchObject({ ok: true });
    const spawned = await waitFor('the spawn verdict', () => ofType(server!.events, 'scenario.progress').find((each) => each.decided === true && each.progress.id === 'fork-spawn')?.progress, 60_000);
    expect(spawned).toMatchObject({ error: null, check: { state: 'pass' } });
    expect(await server.execute({ type: 'scenario.reset', id: 'fork-spawn' })).toMatchObject({ ok: true });

    // Workers from the packaged entries: a thread, and a process through a shell (its command line quotes the paths).
    const workers = [...(await server.start({ kind: 'thread', task: { name: 'sleep', ms: 100 } })), ...(await server.start({ kind: 'process', method: 'exec', task: { name: 'sleep', ms: 100 } }))];
    for (const workerId of workers) {
      const exit = await waitFor(`${workerId} to exit`, () => ofType(server!.events, 'worker.exited').find((each) => each.workerId === workerId), 20_000);
      expect(exit.exitCode).toBe(0);
    }

    // The start methods lesson runs its script from the packaged lessons, and measures through the shim.
    const started = await server.execute({ type: 'lesson.startMethods', children: 1, megabytes: 0, interpreter: 'python3' });
    expect(started).toMatchObject({ ok: true });
    const lastLesson = (): StartLesson | undefined => ofType(server!.events, 'lesson.startMethods').at(-1)?.lesson;
    const lesson = await waitFor('the lesson to end', () => (lastLesson()?.state === 'running' ? undefined : lastLesson()), 120_000, 200);
    expect(lesson.state).toBe('done');
    for (const run of lesson.runs) {
      expect(run).toMatchObject({ state: 'done', error: null });
      expect(run.latencies).toHaveLength(1);
    }
    expect((await server.stop()).code).toBe(0);
    server = undefined;
  }, 200_000);
});

/**
 * The same configuration packed for macOS (the bundle a dmg holds; signing is skipped off macOS): the resources
 * in Contents/Resources, where only the packaged app's rule finds them (this file system tells Resources from
 * resources, as a case-sensitive APFS volume would).
 */
describe.runIf(process.platform === 'linux')('the packaged app for macOS', () => {
  let mac: PackagedApp;
  beforeAll(async () => {
    mac = await packApp(scratch, 'mac');
  }, 200_000);

  it('is Concurrency Lab.app: its Info.plist from the configuration, its icon, the resources beside app.asar', () => {
    const info = readFileSync(join(mac.appDir, 'Contents', 'Info.plist'), 'utf8');
    for (const [key, value] of [
      ['CFBundleIdentifier', 'org.concurrencylab.app'],
      ['CFBundleName', 'Concurrency Lab'],
      ['CFBundleExecutable', 'Concurrency Lab'],
      ['LSApplicationCategoryType', 'public.app-category.education'],
      ['CFBundleIconFile', 'icon.icns'],
    ]) {
      expect(info).toMatch(new RegExp(`<key>${key}</key>\\s*<string>${value}</string>`));
    }
    expect(readFileSync(join(mac.resources, 'icon.icns'))).toEqual(readFileSync(join(PROJECT, 'build', 'icon.icns')));
    expect(existsSync(join(mac.appDir, 'Contents', 'MacOS', 'Concurrency Lab'))).toBe(true);
    expect(existsSync(join(mac.appDir, 'Contents', 'Frameworks', 'Concurrency Lab Helper.app'))).toBe(true);
    expect(mac.log).toContain('skipped macOS application code signing');
    expect(mac.asarEntries).toContain('/out/node/main.js');
    expect(filesBelow(join(mac.resources, 'python'))).toEqual(filesBelow(join(app.resources, 'python')));
  });

  it('finds its resources from its code in Contents/Resources/app.asar', () => {
    // The walk reads only the asar's name and what is beside it; the code's own folder need not be opened.
    const found = labResources([join(mac.resources, 'app.asar', 'out', 'node')]);
    expect(found).toMatchObject({ root: mac.resources, python: join(mac.resources, 'python'), found: true });
  });
});
