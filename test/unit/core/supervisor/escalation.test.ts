import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../src/core/clock';
import { escalate } from '../../../../src/core/supervisor/escalation';
import { ManualClock } from '../sync/harness';

function steps(log: string[], clock: Clock, politeTakesMs = 0) {
  return {
    polite: () => {
      log.push(`polite at ${clock.monotonic()}`);
      (clock as ManualClock).advance(politeTakesMs);
    },
    forceful: () => log.push(`forceful at ${clock.monotonic()}`),
  };
}

describe('escalation: politely, then forcefully after the grace period', () => {
  it('asks at once and forces when the grace period has run out', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const escalation = escalate(clock, 2000, steps(log, clock));
    expect(log).toEqual(['polite at 0']);
    clock.advance(1999);
    expect(log).toEqual(['polite at 0']);
    clock.advance(1);
    expect(log).toEqual(['polite at 0', 'forceful at 2000']);
    expect(await escalation.settled).toBe(true);
  });

  it('forces nothing once cancelled (the target ended), and cancelling twice or late changes nothing', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const escalation = escalate(clock, 2000, steps(log, clock));
    escalation.cancel();
    escalation.cancel();
    escalation.forceNow();
    clock.advance(5000);
    expect(log).toEqual(['polite at 0']);
    expect(clock.pending).toBe(0);
    expect(await escalation.settled).toBe(false);
  });

  it('forces now when nothing is left to wait for, once', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const escalation = escalate(clock, 2000, steps(log, clock));
    clock.advance(300);
    escalation.forceNow();
    clock.advance(5000);
    escalation.cancel();
    expect(log).toEqual(['polite at 0', 'forceful at 300']);
    expect(await escalation.settled).toBe(true);
  });

  it('counts the grace period from the moment the polite step began', () => {
    const clock = new ManualClock();
    const log: string[] = [];
    escalate(clock, 1500, steps(log, clock, 400));
    clock.advance(1099);
    expect(log).toEqual(['polite at 0']);
    clock.advance(1);
    expect(log).toEqual(['polite at 0', 'forceful at 1500']);
  });

  it('a polite step longer than the grace period is followed by the forceful one at once (on the next turn)', () => {
    const clock = new ManualClock();
    const log: string[] = [];
    escalate(clock, 100, steps(log, clock, 250));
    clock.advance(0);
    expect(log).toEqual(['polite at 0', 'forceful at 250']);
  });
});
