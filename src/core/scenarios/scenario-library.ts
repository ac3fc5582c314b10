import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { describeFailure } from '../../shared/describe-failure';
import { SCENARIO_ID } from '../../shared/scenario';
import { MAX_SCENARIOS, type ScenarioEntry, type ScenarioProblem } from '../../shared/scenario-run';
import { parseScenarioFile } from './scenario-file';
import { readScenarioText } from './scenario-text';

/** A folder of scenario files: the shipped library, or a user's own. */
export interface ScenarioFolder {
  readonly source: ScenarioEntry['source'];
  readonly path: string;
  /** A folder that need not exist (the desktop app's default one): absent, it is no problem. */
  readonly optional?: boolean;
}

/** An entry and the folder it was read from (a script path in it is relative to that folder). */
export interface LoadedScenario extends ScenarioEntry {
  readonly folder: string;
}

export interface LoadedLibrary {
  readonly entries: readonly LoadedScenario[];
  readonly problems: readonly ScenarioProblem[];
}

const EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Reads every scenario file of the folders, in order (the library first, so that a user's file of the same
 * name is the one refused), each file at most SCENARIO_LIMITS.fileBytes, MAX_SCENARIOS in all. A file that
 * cannot be used is a problem with its sentence; a folder that cannot be read is one too. Never throws.
 */
export async function loadScenarios(folders: readonly ScenarioFolder[]): Promise<LoadedLibrary> {
  const entries: LoadedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  const ids = new Set<string>();
  for (const folder of folders) {
    let names: string[];
    try {
      // Whatever the entry is (a file, a link, a folder or a FIFO named x.yaml): the reader says what it is.
      names = (await readdir(folder.path)).filter((name) => EXTENSIONS.has(extname(name))).sort();
    } catch (error) {
      if (folder.optional === true && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({ source: folder.source, file: folder.path.slice(-300), error: `the folder could not be read: ${describeFailure(error)}` });
      continue;
    }
    for (const name of names) {
      const file = name.slice(0, 300);
      if (entries.length >= MAX_SCENARIOS || problems.length >= MAX_SCENARIOS) {
        if (problems.length < MAX_SCENARIOS) problems.push({ source: folder.source, file, error: `${file}: not read: the lab reads at most ${MAX_SCENARIOS} scenario files` });
        break;
      }
      const id = basename(name, extname(name));
      if (!SCENARIO_ID.test(id)) {
        problems.push({ source: folder.source, file, error: `${file}: a scenario file's name is its id: lower-case letters, digits, "-" and "_" (such as race.yaml)` });
        continue;
      }
      if (ids.has(id)) {
        problems.push({ source: folder.source, file, error: `${file}: another scenario is called ${id} already (the library's comes first): rename this file` });
        continue;
      }
      const text = await readScenarioText(join(folder.path, name));
      const parsed = typeof text === 'string' ? parseScenarioFile(file, text) : { ok: false as const, error: `${file}: ${text.error}` };
      if (!parsed.ok) {
        problems.push({ source: folder.source, file, error: parsed.error.slice(0, 500) });
        continue;
      }
      ids.add(id);
      entries.push({ id, source: folder.source, file, scenario: parsed.scenario, folder: folder.path });
    }
  }
  return { entries, problems };
}
