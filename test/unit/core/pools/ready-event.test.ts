import { describe, expect, it } from 'vitest';
import { ReadyEvent, waitUntil } from '../../../../src/core/pools/ready-event';
import { ManualClock } from '../sync/harness';
import { flush, track } from './scripted-runner';

/** A source of one signal that counts who listens to it. */
function signal() {
  const listeners = new Set<() => void>();
  let fired = false;
  return {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fire: () => {
      fired = true;
      for (const listener of [...listeners]) listener();
    },
    isDone: () => fired,
    get listening() {
      return listeners.size;
    },
  };
}

describe('ReadyEvent and waitUntil (threading.Event for one thread)', () => {
  it('wait resolves true once set, false after its timeout, and only looks for zero or less', async () => {
    const clock = new ManualClock();
    const event = new ReadyEvent(clock);
    expect(await event.wait(0)).toBe(false);
    expect(await event.wait(-1)).toBe(false);
    const timed = track(event.wait(100));
    const forever = track(event.wait());
    clock.advance(100);
    await flush();
    expect(timed.value).toBe(false);
    event.set();
    await flush();
    expect(forever.value).toBe(true);
    expect(await event.wait(0)).toBe(true);
  });

  it('a wait that returned, either way, leaves no listener behind and no timer running', async () => {
    const clock = new ManualClock();
    const source = signal();
    const fired = track(waitUntil(clock, source.subscribe, source.isDone, 1000));
    expect([source.listening, clock.pending]).toEqual([1, 1]);
    source.fire();
    await flush();
    expect([fired.value, source.listening, clock.pending]).toEqual([true, 0, 0]);
    const other = signal();
    const timedOut = track(waitUntil(clock, other.subscribe, other.isDone, 1000));
    clock.advance(1000);
    await flush();
    expect([timedOut.value, other.listening, clock.pending]).toEqual([false, 0, 0]);
  });
});
