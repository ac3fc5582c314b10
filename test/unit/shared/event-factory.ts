import { DEFAULT_CONFIG } from '../../../src/shared/config';
import type { LabEvent, LabEventBody } from '../../../src/shared/protocol';
import type { ProcessSample } from '../../../src/shared/samples';
import { LINUX_SIGNAL_NUMBERS } from '../../../src/shared/signals';
import type { WorkerDescriptor } from '../../../src/shared/worker';

/** Stamps event bodies the way the core does, with a test-controlled clock. */
export function eventStream(start = 1_000_000) {
  let seq = 0;
  let t = start;
  return {
    at(ms: number) {
      t = start + ms;
    },
    event(body: LabEventBody): LabEvent {
      return { ...body, seq: ++seq, t } as LabEvent;
    },
  };
}

export const HOST_PID = 100;

export function labStarted(): LabEventBody {
  return {
    type: 'lab.started',
    hostPid: HOST_PID,
    hostPpid: 1,
    platform: 'linux',
    cores: 2,
    config: DEFAULT_CONFIG,
    signalNumbers: LINUX_SIGNAL_NUMBERS,
  };
}

export function descriptor(id: string, overrides: Partial<WorkerDescriptor> = {}): WorkerDescriptor {
  return {
    id,
    name: `worker-${id}`,
    groupId: 'g1',
    kind: 'process',
    method: 'fork',
    command: null,
    task: { name: 'sleep', ms: 1000 },
    daemon: false,
    detached: false,
    ipc: true,
    ...overrides,
  };
}

export function proc(pid: number, ppid: number, overrides: Partial<ProcessSample> = {}): ProcessSample {
  return {
    pid,
    ppid,
    start: pid * 10,
    startedAt: 1_000_000 + pid,
    name: `p${pid}`,
    command: `cmd ${pid}`,
    state: 'S',
    cpu: 1,
    cpuTimeMs: 10,
    rss: 1024,
    threads: null,
    orphan: false,
    ...overrides,
  };
}
