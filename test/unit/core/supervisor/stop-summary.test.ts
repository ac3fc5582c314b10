import { describe, expect, it } from 'vitest';
import { describeStop, type StopSummary } from '../../../../src/core/supervisor/stop-summary';

const nothing: StopSummary = {
  endedWhenAsked: 0,
  escalated: 0,
  daemonsKilled: 0,
  otherProcesses: 0,
  unconfirmed: [],
  leftRunning: [],
  graceMs: 1500,
  tookMs: 12,
};

describe('what the lab says when it stops', () => {
  it('says so when nothing ran', () => {
    expect(describeStop(nothing)).toEqual(['No workers were running.']);
  });

  it('says how many workers it ended and how, and what else it ended', () => {
    const lines = describeStop({ ...nothing, endedWhenAsked: 160, escalated: 20, daemonsKilled: 1, otherProcesses: 40 });
    expect(lines).toEqual([
      'Ended 181 workers: 160 ended when asked, 20 escalated to SIGKILL after the 1500 ms grace period, 1 daemon killed at once; 40 other processes below the lab ended too.',
    ]);
  });

  it('names what it left running (detached) with pids, and what it could not see end', () => {
    const lines = describeStop({ ...nothing, endedWhenAsked: 1, unconfirmed: ['worker-3'], leftRunning: [{ name: 'free-1', pid: 4242 }] });
    expect(lines).toEqual([
      'Ended 1 worker: 1 ended when asked.',
      "Not seen to exit (still in the kernel's hands): worker-3.",
      'Left running (detached): free-1 (pid 4242).',
    ]);
  });
});
