import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

/**
 * electron-builder's own reading of our electron-builder.yml, by the functions its `build` runs before it packs
 * anything (app-builder-lib's getConfig and validateConfiguration: the file found and parsed, merged with its
 * defaults, then checked against its JSON schema), without the Electron binary, which our machines cannot
 * download. Deep imports: app-builder-lib exports neither function from its index.
 */
export const PROJECT = join(__dirname, '..', '..');

/** The configuration as electron-builder loads it for a build in `project`. */
export function loadBuilderConfig(project = PROJECT): Promise<Configuration> {
  return getConfig(project, null, null);
}

/** Throws electron-builder's own error (every bad option, with where to read about it) unless `config` is valid. */
export function validateBuilderConfig(config: Configuration): Promise<void> {
  return validateConfiguration(config, new DebugLogger(false));
}

/** One `extraResources` entry as electron-builder normalises it. */
export interface ResourceCopy {
  readonly from: string;
  readonly to: string;
  readonly filter: readonly string[];
}

/** The config's extraResources, each as a copy from the project to the packaged app's resources directory. */
export function resourceCopies(config: Configuration): ResourceCopy[] {
  const entries = config.extraResources;
  const list = entries === undefined || entries === null ? [] : Array.isArray(entries) ? entries : [entries];
  return list.map((entry) => {
    if (typeof entry === 'string') return { from: entry, to: entry, filter: ['**/*'] };
    const filter = entry.filter === undefined || entry.filter === null ? ['**/*'] : typeof entry.filter === 'string' ? [entry.filter] : entry.filter;
    return { from: entry.from ?? '.', to: entry.to ?? entry.from ?? '.', filter };
  });
}
