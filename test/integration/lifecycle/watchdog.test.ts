import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WATCHDOG_NAME } from '../../../src/core/supervisor/watchdog';
import { processTable, type ProcRow } from '../../support/census';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

/** The watchdogs of this process's labs: children of the host, by their command line. */
function watchdogs(): ProcRow[] {
  return [...processTable().values()].filter((row) => row.ppid === process.pid && row.state !== 'Z' && commandOf(row.pid).includes(WATCHDOG_NAME));
}

function commandOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

describe.runIf(process.platform === 'linux')("the lab's watchdog", () => {
  it('is started again if something kills it, publishes what must end with the lab, and goes when the lab stops', async () => {
    const before = new Set(watchdogs().map((row) => row.pid));
    harness = new LabHarness({ samplePeriodMs: 100 });
    const first = await waitFor('the watchdog', () => watchdogs().find((row) => !before.has(row.pid)));
    const list = commandOf(first.pid).at(-4)!;
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
    const { pid } = await harness.ready(id!);
    await waitFor('the worker published', () => existsSync(list) && readFileSync(list, 'utf8').split('\n').some((line) => line.startsWith(`${pid} `)));

    process.kill(first.pid, 'SIGKILL');
    const second = await waitFor('a new watchdog', () => watchdogs().find((row) => !before.has(row.pid) && row.pid !== first.pid));
    expect(commandOf(second.pid).at(-4)).toBe(list);

    await harness.stop();
    await waitFor('the watchdog gone, and its list', () => !processTable().has(second.pid) && !existsSync(list));
  });
});
