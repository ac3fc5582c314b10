import { delimiter, join } from 'node:path';

/**
 * PYTHONPATH for a program under the shim (docs/python-wire.md): the boot directory (its sitecustomize), the
 * shim's package, then the user's own PYTHONPATH, if any. `resources` is labResources().root: the clone's
 * resources/ or the packaged app's (lab-resources.ts).
 */
export function pythonPath(resources: string, userPath: string | undefined = process.env.PYTHONPATH): string {
  const shim = [join(resources, 'python', 'boot'), join(resources, 'python')];
  return [...shim, ...(userPath === undefined || userPath === '' ? [] : [userPath])].join(delimiter);
}
