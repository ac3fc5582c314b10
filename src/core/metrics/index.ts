import { createLinuxCoreSampler } from './linux-cores';
import { createLinuxProcessSampler } from './linux-processes';
import { createOsCoreSampler } from './os-cores';
import { createPortableProcessSampler } from './portable-processes';
import type { CoreSampler, ProcessSampler } from './types';

/** /proc/stat where there is one, os.cpus() elsewhere. */
export function createCoreSampler(): CoreSampler {
  if (process.platform === 'linux') {
    try {
      return createLinuxCoreSampler();
    } catch {
      // /proc not mounted (a container, say): fall through.
    }
  }
  return createOsCoreSampler();
}

export function createProcessSampler(rootPid: number, choice: 'auto' | 'linux' | 'portable'): ProcessSampler {
  if (choice === 'portable' || (choice === 'auto' && process.platform !== 'linux')) return createPortableProcessSampler(rootPid);
  return createLinuxProcessSampler(rootPid);
}
