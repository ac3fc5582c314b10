import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../../src/shared/protocol';
import { exceedsCommandLimits } from '../../../src/shared/command-limits';
import { applyCommandOf, applyLabel, INITIAL_WORK, mapCommandOf, mapLabel } from '../../../src/renderer/model/pool-work';

describe('work for a pool', () => {
  it('maps square over range(N), as the seeds\' pool.map(square, range(N)), without sending N numbers', () => {
    const built = mapCommandOf('p', { ...INITIAL_WORK, fn: 'square', items: '5', arg: '7', chunksize: '' });
    expect(built).toEqual({ ok: true, command: { type: 'pool.map', pool: 'p', fn: 'square', items: { range: 5 }, star: false, unordered: false } });
    const parsed = commandSchema.safeParse(built.ok && built.command);
    expect(parsed.success && parsed.data.type === 'pool.map' && parsed.data.items).toEqual([0, 1, 2, 3, 4]);
    expect(mapCommandOf('p', { ...INITIAL_WORK, fn: 'square', items: '1000000' }).ok).toBe(true);
    expect(mapLabel({ ...INITIAL_WORK, fn: 'square', items: '100' })).toBe('Map square over 100');
  });

  it('maps sleep N times over the milliseconds typed, with chunksize and a callback when given', () => {
    const built = mapCommandOf('p', { fn: 'sleep', items: '3', arg: '50', chunksize: '2', callbackMs: '10' });
    expect(built.ok && built.command).toEqual({ type: 'pool.map', pool: 'p', fn: 'sleep', items: [50, 50, 50], star: false, unordered: false, chunksize: 2, callbackMs: 10 });
    expect(built.ok && commandSchema.safeParse(built.command).success).toBe(true);
  });

  it('refuses an item count it cannot build or send, in words', () => {
    // sleep(50): at most MAX_MAP_ITEMS (19,900) items, which the message limits carry (20,000 values; 66,666 of
    // "50," fitted the form's 200,000 characters but no transport took them).
    expect(mapCommandOf('p', { ...INITIAL_WORK, items: '0' })).toEqual({
      ok: false,
      error: 'items must be a whole number from 1 to 19900 for sleep (each item is sent; square maps range(items), up to 1000000)',
    });
    expect(mapCommandOf('p', { ...INITIAL_WORK, items: 'ten' }).ok).toBe(false);
    expect(mapCommandOf('p', { ...INITIAL_WORK, items: '19900' }).ok).toBe(true);
    expect(exceedsCommandLimits((mapCommandOf('p', { ...INITIAL_WORK, items: '19900' }) as { command: unknown }).command)).toBeNull();
    expect(mapCommandOf('p', { ...INITIAL_WORK, items: '19901' }).ok).toBe(false);
    expect(mapCommandOf('p', { ...INITIAL_WORK, fn: 'square', items: '1000001' }).ok).toBe(false);
  });

  it('applies one call, labelled as Python writes it', () => {
    expect(applyCommandOf('p', { ...INITIAL_WORK, fn: 'square', arg: '7' })).toEqual({ ok: true, command: { type: 'pool.apply', pool: 'p', fn: 'square', args: [7] } });
    expect(applyLabel({ ...INITIAL_WORK, fn: 'square', arg: '7' })).toBe('Apply square(7)');
    expect(applyLabel({ ...INITIAL_WORK, fn: 'fail', arg: 'boom' })).toBe("Apply fail('boom')");
    expect(applyCommandOf('p', { ...INITIAL_WORK, fn: 'fail', arg: 'boom' })).toEqual({ ok: true, command: { type: 'pool.apply', pool: 'p', fn: 'fail', args: ['boom'] } });
  });
});
