import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labResources } from '../../../src/core/lab-resources';

/**
 * Where the lab finds its shim, lessons, examples and scenarios, from where its code runs: a clone's
 * resources/, or the packaged app's resources directory, as electron-builder lays it out on each platform.
 * Folders made on disk; the app's own folder (app.asar is a file in a real package) need not exist, since the
 * walk only reads its name and looks beside it.
 */
let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function withShim(resources: string): string {
  mkdirSync(join(resources, 'python', 'concurrency_lab'), { recursive: true });
  return resources;
}

function made(...parts: string[]): string {
  const folder = join(scratch, ...parts);
  mkdirSync(folder, { recursive: true });
  return folder;
}

describe('labResources', () => {
  it('finds a clone\'s resources/ from its built code (out/node) and names every folder in it', () => {
    scratch = mkdtempSync(join(tmpdir(), 'lab-resources-'));
    const resources = withShim(join(scratch, 'repo', 'resources'));
    const found = labResources([made('repo', 'out', 'node')]);
    expect(found).toEqual({
      root: resources,
      python: join(resources, 'python'),
      lessons: join(resources, 'python', 'lessons'),
      examples: join(resources, 'python', 'examples'),
      scenarios: join(resources, 'scenarios'),
      found: true,
    });
  });

  it.each([
    ['Linux and Windows: resources/ beside the executable', ['Concurrency Lab', 'resources'], 'app.asar'],
    ['macOS: Contents/Resources of the bundle', ['Concurrency Lab.app', 'Contents', 'Resources'], 'app.asar'],
    ['an unpacked app folder (asar: false)', ['linux-unpacked', 'resources'], 'app'],
  ])('finds a packaged app\'s resources directory (%s), the folder that holds the app', (_layout, resourcesPath, app) => {
    scratch = mkdtempSync(join(tmpdir(), 'lab-resources-'));
    const resources = withShim(join(scratch, ...resourcesPath));
    const found = labResources([join(resources, app, 'out', 'node')]);
    expect(found.root).toBe(resources);
    expect(found.scenarios).toBe(join(resources, 'scenarios'));
    expect(found.found).toBe(true);
  });

  it('takes the packaged app\'s resources before a clone further up (an app built inside a checkout)', () => {
    scratch = mkdtempSync(join(tmpdir(), 'lab-resources-'));
    withShim(join(scratch, 'repo', 'resources'));
    const packaged = withShim(join(scratch, 'repo', 'dist', 'linux-unpacked', 'resources'));
    expect(labResources([join(packaged, 'app.asar', 'out', 'node')]).root).toBe(packaged);
  });

  it('passes over a folder merely named python, and falls back to the working directory\'s', () => {
    scratch = mkdtempSync(join(tmpdir(), 'lab-resources-'));
    made('home', 'resources', 'python');
    made('home', 'python');
    const clone = withShim(join(scratch, 'clone', 'resources'));
    expect(labResources([made('home', 'app', 'out', 'node'), join(scratch, 'clone')]).root).toBe(clone);
  });

  it('says when no shim is anywhere, so the shells can tell the user', () => {
    scratch = mkdtempSync(join(tmpdir(), 'lab-resources-'));
    const found = labResources([made('nowhere', 'out', 'node')]);
    expect(found.found).toBe(false);
    expect(found.root).toBe(join(process.cwd(), 'resources'));
  });
});
