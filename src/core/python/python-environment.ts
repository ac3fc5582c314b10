import { existsSync } from 'node:fs';
import { delimiter, dirname, join, parse } from 'node:path';

/**
 * Where the lab's runtime assets are (the Python shim among them: resources/python/). In a clone, in dev and
 * in tests that is the repository's `resources/`, found by walking up from where the lab's code runs (src/core
 * under vitest, out/node once built) or from the working directory. A packaged app will keep them in
 * Electron's resources directory: that layout is this function's to learn, and no one else's.
 */
export function resourcesDirectory(from: readonly string[] = [__dirname, process.cwd()]): string {
  for (const start of from) {
    for (let at = start; ; at = dirname(at)) {
      if (existsSync(join(at, 'resources', 'python'))) return join(at, 'resources');
      if (at === parse(at).root) break;
    }
  }
  // No shim anywhere: the program still runs (sitecustomize is simply not found), shown as unobserved.
  return join(process.cwd(), 'resources');
}

/**
 * PYTHONPATH for a program under the shim (docs/python-wire.md): the boot directory (its sitecustomize),
 * the shim's package, then the user's own PYTHONPATH, if any.
 */
export function pythonPath(resources: string, userPath: string | undefined = process.env.PYTHONPATH): string {
  const shim = [join(resources, 'python', 'boot'), join(resources, 'python')];
  return [...shim, ...(userPath === undefined || userPath === '' ? [] : [userPath])].join(delimiter);
}
