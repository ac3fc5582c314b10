import { describe, expect, it } from 'vitest';
import { checkChunksize, chunks, defaultChunksize } from '../../../../src/core/pools/chunksize';
import { defaultPoolSize, defaultProcessExecutorSize, defaultThreadExecutorSize } from '../../../../src/core/pools/default-sizes';
import { describeError, rejectionError, TimeoutError, ValueError } from '../../../../src/core/pools/python-errors';

describe('Python\'s defaults', () => {
  it('chunksize is divmod(len, workers * 4), one more when it does not divide (Pool._map_async)', () => {
    expect(defaultChunksize(10, 2)).toBe(2);
    expect(defaultChunksize(8, 2)).toBe(1);
    expect(defaultChunksize(9, 2)).toBe(2);
    expect(defaultChunksize(3, 4)).toBe(1);
    expect(defaultChunksize(1_000_000, 2)).toBe(125_000);
    expect(defaultChunksize(0, 2)).toBe(0);
  });

  it('chunks are runs of the size, the last one shorter (Pool._get_tasks)', () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => checkChunksize(0)).toThrow('Chunksize must be 1+, not 0');
  });

  it('sizes: Pool and ProcessPoolExecutor the CPUs, ThreadPoolExecutor min(32, cpus + 4), within the lab\'s limit', () => {
    expect([defaultPoolSize(8), defaultProcessExecutorSize(8), defaultThreadExecutorSize(8)]).toEqual([8, 8, 12]);
    expect([defaultPoolSize(0), defaultThreadExecutorSize(0)]).toEqual([1, 5]);
    expect([defaultThreadExecutorSize(40), defaultPoolSize(128)]).toEqual([32, 64]);
  });
});

describe('errors in Python\'s words', () => {
  it('are named after the type and worded "Type: message"', () => {
    const error = new ValueError('Pool not running');
    expect([error.name, error.describe(), describeError(error), String(error)]).toEqual(['ValueError', 'ValueError: Pool not running', 'ValueError: Pool not running', 'ValueError: Pool not running']);
    expect(new TimeoutError().describe()).toBe('TimeoutError');
  });

  it('a rejection keeps the type the runner gave, or is a RuntimeError', () => {
    expect(rejectionError('BrokenProcessPool: A process died.').describe()).toBe('BrokenProcessPool: A process died.');
    expect(rejectionError('the worker running it ended (exit code -9)').describe()).toBe('RuntimeError: the worker running it ended (exit code -9)');
  });
});
