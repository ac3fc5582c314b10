import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ScenarioProgram } from '../../shared/scenario';
import { DEFAULT_PYTHON, startSpecSchema, type StartSpec } from '../../shared/start-spec';
import type { CreatePrimitive } from '../../shared/sync';

/** What a variant's program asks of the lab: primitives to make first, then its starts. */
export interface ProgramPlan {
  readonly primitives: readonly CreatePrimitive[];
  readonly starts: readonly StartSpec[];
}

export interface PlanPlaces {
  /** resources/python/examples: where `example` paths are. */
  readonly examples: string;
  /** The scenario file's folder: where a relative `script` is. */
  readonly folder: string;
  readonly interpreter: string | undefined;
  /** The start's name prefix: the scenario's id, so that its workers say whose they are. */
  readonly namePrefix: string;
}

/**
 * A variant's program as the lab's own commands: a Python program is one `python` start (an example resolved
 * inside the shipped examples, a script inside the scenario's folder unless absolute, or inline code); the
 * lab's own program is its primitives and its start specs as written. A sentence when a file is not there.
 */
export function planProgram(program: ScenarioProgram, places: PlanPlaces): ProgramPlan | string {
  if (program.kind === 'lab') return { primitives: program.primitives, starts: program.starts };
  const common = { kind: 'python' as const, args: program.args, interpreter: places.interpreter ?? DEFAULT_PYTHON, count: 1, namePrefix: places.namePrefix, daemon: false };
  let source: { code: string } | { script: string };
  if (program.code !== undefined) source = { code: program.code };
  else {
    const path = program.example !== undefined ? join(places.examples, program.example) : isAbsolute(program.script!) ? program.script! : resolve(places.folder, program.script!);
    if (!existsSync(path)) return program.example !== undefined ? `the example ${program.example} is not among the lab's programs (resources/python/examples)` : `the script ${path} is not there`;
    source = { script: path };
  }
  // Parsed as the start command parses it, inline code and arguments too: the same refusals, in the same words.
  const spec = startSpecSchema.safeParse({ ...common, ...source });
  return spec.success ? { primitives: [], starts: [spec.data] } : `the program cannot be started: ${spec.error.issues[0]?.message ?? 'refused'}`;
}
