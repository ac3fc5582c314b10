import { assertNever } from '../../shared/assert-never';
import { createLinuxCoreSampler } from './linux-cores';
import { createLinuxProcessSampler } from './linux-processes';
import { createOsCoreSampler } from './os-cores';
import { createPortableProcessSampler } from './portable-processes';
import type { CoreSampler, ProcessSampler } from './types';

export type ProcessSamplerChoice = 'auto' | 'linux' | 'portable';

/** /proc/stat where there is one, os.cpus() elsewhere. */
export function createCoreSampler(): CoreSampler {
  if (process.platform === 'linux') {
    try {
      return createLinuxCoreSampler();
    } catch {
      // /proc not mounted (a locked-down container, say): os.cpus() still works.
    }
  }
  return createOsCoreSampler();
}

/**
 * `auto` reads /proc on Linux and falls back to ps + pidusage when /proc cannot be read; `linux` insists
 * (and throws without /proc); `portable` is the macOS/Windows path, selectable anywhere for testing.
 */
export function createProcessSampler(rootPid: number, choice: ProcessSamplerChoice): ProcessSampler {
  switch (choice) {
    case 'portable':
      return createPortableProcessSampler(rootPid);
    case 'linux':
      return createLinuxProcessSampler(rootPid);
    case 'auto':
      if (process.platform === 'linux') {
        try {
          return createLinuxProcessSampler(rootPid);
        } catch {
          // No /proc: fall through to the portable sampler.
        }
      }
      return createPortableProcessSampler(rootPid);
    default:
      return assertNever(choice);
  }
}
