import { delimiter, join } from 'node:path';

// Where the resources are is lab-resources.ts's to say, for the clone and the packaged app alike.
export { resourcesDirectory } from '../lab-resources';

/**
 * PYTHONPATH for a program under the shim (docs/python-wire.md): the boot directory (its sitecustomize),
 * the shim's package, then the user's own PYTHONPATH, if any.
 */
export function pythonPath(resources: string, userPath: string | undefined = process.env.PYTHONPATH): string {
  const shim = [join(resources, 'python', 'boot'), join(resources, 'python')];
  return [...shim, ...(userPath === undefined || userPath === '' ? [] : [userPath])].join(delimiter);
}
