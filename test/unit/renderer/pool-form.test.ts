import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../../src/shared/protocol';
import { createPoolCommandOf, INITIAL_POOL_DRAFT } from '../../../src/renderer/model/pool-form';
import { crashOutcomeOf, crashPolicyOf, pythonClassOf, pythonDefaultSize } from '../../../src/renderer/model/pool-words';

describe('the New pool form', () => {
  it('sends what was typed, an empty size left to Python\'s default and an empty max tasks as never', () => {
    const command = createPoolCommandOf({ ...INITIAL_POOL_DRAFT, name: ' p ', size: '', maxTasksPerChild: '' });
    expect(command).toEqual({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process', maxTasksPerChild: null, onCrash: 'python' } });
    expect(commandSchema.safeParse(command).success).toBe(true);
  });

  it('sends numbers as typed, so the lab refuses a bad size in its own words', () => {
    const command = createPoolCommandOf({ ...INITIAL_POOL_DRAFT, api: 'executor', runtime: 'process', size: '0', maxTasksPerChild: '5', onCrash: 'reject' });
    expect(command).toEqual({ type: 'pool.create', pool: { name: 'p', api: 'executor', runtime: 'process', size: 0, maxTasksPerChild: 5, onCrash: 'reject' } });
    // A thread pool has none: a lifetime typed for a process pool, then the runtime switched, is not sent.
    const threads = createPoolCommandOf({ ...INITIAL_POOL_DRAFT, api: 'pool', runtime: 'thread', maxTasksPerChild: '5' });
    expect(threads).toMatchObject({ pool: { runtime: 'thread', maxTasksPerChild: null } });
    const parsed = commandSchema.safeParse(command);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/size/);
  });
});

describe('pools in Python\'s words', () => {
  it('name the class and its default size', () => {
    expect(pythonClassOf('pool', 'process')).toBe('Pool');
    expect(pythonClassOf('pool', 'thread')).toBe('ThreadPool');
    expect(pythonClassOf('executor', 'thread')).toBe('ThreadPoolExecutor');
    expect(pythonClassOf('executor', 'process')).toBe('ProcessPoolExecutor');
    expect(pythonDefaultSize('pool', 'process', 2)).toBe(2);
    expect(pythonDefaultSize('executor', 'process', 8)).toBe(8);
    expect(pythonDefaultSize('executor', 'thread', 2)).toBe(6);
    expect(pythonDefaultSize('executor', 'thread', 64)).toBe(32);
  });

  it('say what a worker killed mid-task does to each', () => {
    expect(crashOutcomeOf('pool', 'process', 'python')).toMatch(/never comes/);
    expect(crashOutcomeOf('executor', 'process', 'python')).toMatch(/BrokenProcessPool/);
    expect(crashOutcomeOf('executor', 'thread', 'python')).toMatch(/Python cannot kill a thread/);
    expect(crashOutcomeOf('executor', 'process', 'reject')).toMatch(/rejected/);
    expect(crashPolicyOf({ api: 'executor', runtime: 'process', onCrash: 'python' })).toBe('crash: breaks');
    expect(crashPolicyOf({ api: 'pool', runtime: 'process', onCrash: 'reject' })).toBe('crash: task rejected');
  });
});
