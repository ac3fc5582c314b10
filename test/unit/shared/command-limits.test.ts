import { describe, expect, it } from 'vitest';
import { exceedsCommandLimits } from '../../../src/shared/command-limits';

const numbers = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('a command past the message limits', () => {
  it('is told to use {range} when it is a map, alone or in a frame’s envelope', () => {
    const map = { type: 'pool.map', pool: 'p', fn: 'square', items: numbers(25_000) };
    expect(exceedsCommandLimits(map)).toMatch(/^the message has more than 20000 values: a map's items all travel in one message, so for a large map send \{"range": n\} \(n up to 1000000\)/);
    const frame = { type: 'command', id: 'c1', command: map };
    expect(exceedsCommandLimits(frame, frame.command)).toMatch(/send \{"range": n\}/);
  });

  it('is told only the limit when it is anything else, and a command within them passes', () => {
    expect(exceedsCommandLimits({ type: 'kill', workerIds: numbers(25_000) })).toBe('the message has more than 20000 values');
    expect(exceedsCommandLimits({ type: 'command', id: 'c', command: { type: 'kill', workerIds: numbers(25_000) } })).toBe('the message has more than 20000 values');
    expect(exceedsCommandLimits({ type: 'pool.map', pool: 'p', fn: 'square', items: numbers(19_900) })).toBeNull();
  });
});
