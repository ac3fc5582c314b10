import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../src/core/lab';
import { describeOutcome, runScenariosHeadless } from '../src/core/scenarios/headless';

/**
 * `npm run scenarios [-- --dir DIR] [--only race,deadlock] [--python python3.12]`: runs every scenario's
 * variants in a plain-Node lab (docs/scenarios.md, "Headless"), one line per variant, and exits 1 if any
 * fails or any scenario file has an error. Needs the built worker entries (`npm run build`), as the
 * integration tests do: a lab's own Node workers run them.
 */

const USAGE = 'usage: npm run scenarios -- [--dir DIR]... [--only ID,ID] [--python INTERPRETER]';

function parse(argv: readonly string[]): { dirs: string[]; only: string[]; python: string | undefined } | string {
  const dirs: string[] = [];
  let only: string[] = [];
  let python: string | undefined;
  for (let at = 0; at < argv.length; at++) {
    const flag = argv[at];
    const value = argv[at + 1];
    if (flag === '--help' || flag === '-h') return USAGE;
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value\n${USAGE}`;
    at++;
    if (flag === '--dir') dirs.push(resolve(value));
    else if (flag === '--only') only = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
    else if (flag === '--python') python = value;
    else return `unknown option ${flag}\n${USAGE}`;
  }
  return { dirs, only, python };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return args === USAGE ? 0 : 2;
  }
  const out = join(__dirname, '..', 'out', 'node');
  const entries = { thread: join(out, 'worker-thread.js'), process: join(out, 'worker-process.js') };
  if (!existsSync(entries.thread) || !existsSync(entries.process)) {
    console.error(`scenarios: the worker entries are not built (${out}): run npm run build first`);
    return 2;
  }
  const lab = createLab({ entries, config: { samplePeriodMs: 250 }, scenarioFolders: args.dirs });
  let failed = 0;
  try {
    await lab.scenariosReady();
    const { library, problems } = lab.state().scenarios;
    for (const problem of problems) console.log(`FAIL ${problem.file.padEnd(28)} ${problem.error}`);
    const unknown = args.only.filter((id) => !library.some((entry) => entry.id === id));
    for (const id of unknown) console.log(`FAIL ${id.padEnd(28)} there is no scenario called ${id}`);
    // A cores check reads what the machine gave: the load says how much that was.
    const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
    console.log(`scenarios: ${library.length} scenarios, ${load()}`);
    const began = Date.now();
    const outcomes = await runScenariosHeadless(lab, { only: args.only, interpreter: args.python, report: (outcome) => console.log(describeOutcome(outcome)) });
    failed = problems.length + unknown.length + outcomes.filter((outcome) => outcome.state === 'fail').length;
    console.log(`${outcomes.length - outcomes.filter((outcome) => outcome.state === 'fail').length} of ${outcomes.length} variants passed in ${((Date.now() - began) / 1000).toFixed(1)} s (${load()})${problems.length === 0 ? '' : `; ${problems.length} file(s) with errors`}`);
  } finally {
    await lab.stop('scenarios done');
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('scenarios: failed:', error);
    process.exit(2);
  },
);
