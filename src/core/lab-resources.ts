import { existsSync } from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';

/**
 * The lab's runtime assets (DESIGN.md, "Layout": resources/), found in the one place that knows both layouts:
 *
 * - **a clone** (dev, tests, browser mode from a checkout): the repository's `resources/`, found by walking up
 *   from where the lab's code runs (src/core under vitest, out/node once built) or from the working directory;
 * - **the packaged app** (electron-builder.yml): its `extraResources` are copied to `python/` and `scenarios/` in
 *   Electron's resources directory (`process.resourcesPath`), which is the folder that holds the app itself,
 *   `app.asar` (or an unpacked `app/`), on every platform: `resources/` beside the executable on Windows and
 *   Linux, `Contents/Resources/` in a macOS bundle. The code runs from `<resources>/app.asar/out/node`, so walking
 *   up from it reaches that folder. Derived from the code's own path, not read from `process.resourcesPath`,
 *   so that the core stays free of Electron and the same rule runs under plain Node in the packaging test
 *   (test/integration/packaging/packaged-layout.test.ts).
 */
export interface LabResources {
  /** The folder that holds python/ and scenarios/. */
  readonly root: string;
  /** The Python shim's folder: its package, its boot directory (PYTHONPATH), the lessons and the examples. */
  readonly python: string;
  /** The lessons' Python scripts (the GIL lesson, the start methods lesson). */
  readonly lessons: string;
  /** The seeds' example programs, unmodified. */
  readonly examples: string;
  /** The scenario library, one file per lesson (issue 11). */
  readonly scenarios: string;
  /** False when no shim was found anywhere: Python programs then run unobserved, and the shells say so. */
  readonly found: boolean;
}

/** The folder names Electron loads an app from, inside its resources directory. */
const PACKAGED_APP_NAMES = new Set(['app.asar', 'app']);

/** The lab's resources for code running at `from` (by default this module's bundle, then the working directory). */
export function labResources(from: readonly string[] = [__dirname, process.cwd()]): LabResources {
  const root = findRoot(from);
  const at = root ?? join(process.cwd(), 'resources');
  const python = join(at, 'python');
  return { root: at, python, lessons: join(python, 'lessons'), examples: join(python, 'examples'), scenarios: join(at, 'scenarios'), found: root !== null };
}

function findRoot(from: readonly string[]): string | null {
  for (const start of from) {
    for (let at = start; ; at = dirname(at)) {
      // Packaged: the app's folder sits in the resources directory, beside python/.
      if (PACKAGED_APP_NAMES.has(basename(at)) && holdsShim(dirname(at))) return dirname(at);
      // A clone: resources/ at the repository's root.
      if (holdsShim(join(at, 'resources'))) return join(at, 'resources');
      if (at === parse(at).root) break;
    }
  }
  return null;
}

/** The shim's own package, not merely a folder called python (a user's home may well have one). */
function holdsShim(folder: string): boolean {
  return existsSync(join(folder, 'python', 'concurrency_lab'));
}
