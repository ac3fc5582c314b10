import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/** A thread worker's CPU time is its own thread's (Linux: /proc/PID/task/TID/stat), not "-" and not the host's. */
let harness: LabHarness;
afterEach(async () => harness?.stop());

describe.runIf(process.platform === 'linux')('thread CPU time', () => {
  it("a busy thread's CPU time grows; an idle one's stays small; both are the thread's own", async () => {
    harness = new LabHarness({ samplePeriodMs: 100 });
    const [burner] = await harness.start({ kind: 'thread', namePrefix: 'burner', task: { name: 'burn', ms: 60_000 } });
    const [sleeper] = await harness.start({ kind: 'thread', namePrefix: 'sleeper', task: { name: 'sleep', ms: 60_000 } });
    await harness.ready(burner!);
    await harness.ready(sleeper!);
    const busy = await waitFor('the burner to have used 300 ms of CPU', () => {
      const worker = harness.lab.state().workers[burner!];
      return worker?.cpuTimeMs !== null && (worker?.cpuTimeMs ?? 0) >= 300 ? worker : undefined;
    });
    const state = harness.lab.state();
    const idle = state.workers[sleeper!]!;
    const host = state.processes.find((process) => process.pid === state.host?.pid)!;
    expect(idle.cpuTimeMs).not.toBeNull();
    expect(idle.cpuTimeMs!).toBeLessThan(busy.cpuTimeMs!);
    // The host process's CPU time counts every thread; each thread's is a part of it.
    expect(busy.cpuTimeMs!).toBeLessThanOrEqual(host.cpuTimeMs!);
    expect(host.threads?.find((thread) => thread.tid === busy.tid)?.cpuTimeMs).toBe(busy.cpuTimeMs);
  });
});
