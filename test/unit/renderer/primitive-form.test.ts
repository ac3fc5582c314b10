import { describe, expect, it } from 'vitest';
import { createCommandOf, INITIAL_PRIMITIVE_DRAFT, optionsOf, type PrimitiveDraft } from '../../../src/renderer/model/primitive-form';
import { itemOf, primitiveActions } from '../../../src/renderer/model/primitive-actions';
import { parseCommand } from '../../../src/shared/protocol';
import { PRIMITIVE_KINDS, syncRequestSchema } from '../../../src/shared/sync';

describe('the New primitive form', () => {
  it('builds a command the lab accepts for every kind from its defaults', () => {
    for (const kind of PRIMITIVE_KINDS) {
      expect(parseCommand(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind, name: 'p' })), kind).toMatchObject({ ok: true });
    }
  });

  it('sends numbers as typed, so the lab says what is wrong', () => {
    const command = createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'Queue', name: 'q2', maxsize: '-1' });
    expect(command).toEqual({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q2', maxsize: -1 } });
    expect(parseCommand(command)).toEqual({ ok: false, error: 'bad command: primitive.maxsize: maxsize must be a whole number from 0 to 1000000 (0 = unbounded)' });
  });

  it.each<[Partial<PrimitiveDraft>, string]>([
    // 10^12 once read "maxsize must be a number": zod words a bare max() with the field's type error.
    [{ kind: 'Queue', maxsize: '1000000000000' }, 'maxsize must be a whole number from 0 to 1000000 (0 = unbounded)'],
    [{ kind: 'JoinableQueue', maxsize: '2.5' }, 'maxsize must be a whole number from 0 to 1000000 (0 = unbounded)'],
    [{ kind: 'Queue', maxsize: 'ten' }, 'maxsize must be a number'],
    [{ kind: 'Semaphore', value: '2000000' }, 'value must be a whole number from 0 to 1000000 (free units at the start)'],
    [{ kind: 'BoundedSemaphore', value: '-1' }, 'value must be a whole number from 0 to 1000000 (free units at the start)'],
    [{ kind: 'Barrier', parties: '1000' }, 'parties must be a whole number from 1 to 256'],
    [{ kind: 'Barrier', parties: '0' }, 'parties must be a whole number from 1 to 256'],
    // Barrier(timeout=...) takes any length, as CPython's does (past TIMEOUT_MAX, wait() raises OverflowError).
    [{ kind: 'Barrier', timeout: '-1' }, 'timeout must be 0 or more seconds'],
    [{ kind: 'Array', length: '1e9' }, 'length must be a whole number from 0 to 10000'],
    [{ kind: 'Timer', interval: '-5' }, 'interval must be from 0 to 86400 seconds'],
    [{ kind: 'Timer', interval: '1e12' }, 'interval must be from 0 to 86400 seconds'],
  ])('says the range of every number it refuses: %j', (change, words) => {
    const parsed = parseCommand(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, name: 'p', ...change }));
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed.ok === false && parsed.error).toMatch(new RegExp(`: ${words.replace(/[()]/g, '\\$&')}$`));
  });

  it('gives a Condition its own RLock unless a lock is named', () => {
    expect(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'Condition', name: 'c' })).toEqual({ type: 'sync.create', primitive: { kind: 'Condition', name: 'c' } });
    expect(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'Condition', name: 'c', lock: ' lockA ' })).toMatchObject({ primitive: { lock: 'lockA' } });
  });

  it('shows just the options of the kind', () => {
    expect(optionsOf('Lock')).toEqual([]);
    expect(optionsOf('BoundedSemaphore')).toEqual(['value']);
    expect(optionsOf('JoinableQueue')).toEqual(['maxsize']);
    expect(optionsOf('Barrier')).toEqual(['parties', 'timeout']);
    expect(optionsOf('Condition')).toEqual(['lock']);
    expect(optionsOf('Value')).toEqual(['typecode', 'value', 'withLock']);
  });

  it('sends a Value with its typecode and lock, and a Barrier timeout only when typed', () => {
    const value = createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'Value', name: 'n', value: '100', withLock: true });
    expect(value).toEqual({ type: 'sync.create', primitive: { kind: 'Value', name: 'n', typecode: 'i', value: 100, lock: true } });
    expect(parseCommand(value).ok).toBe(true);
    const barrier = (timeout: string) => createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'Barrier', name: 'b', timeout });
    expect(barrier('')).toEqual({ type: 'sync.create', primitive: { kind: 'Barrier', name: 'b', parties: 2 } });
    expect(barrier('1.5')).toEqual({ type: 'sync.create', primitive: { kind: 'Barrier', name: 'b', parties: 2, timeout: 1.5 } });
  });
});

describe('the lab’s buttons on a primitive', () => {
  it('send requests the broker accepts, never blocking', () => {
    for (const kind of PRIMITIVE_KINDS) {
      for (const action of primitiveActions(kind, 'p', 1, true)) {
        expect(syncRequestSchema.safeParse(action.request).success, `${kind} ${action.label}`).toBe(true);
        if ('block' in action.request) expect(action.request.block).toBe(false);
      }
    }
  });

  it('are the ones a lesson needs', () => {
    const labels = (kind: (typeof PRIMITIVE_KINDS)[number]) => primitiveActions(kind, 'p', 1, true).map((action) => action.label);
    expect(labels('Event')).toEqual(['Set', 'Clear']);
    expect(labels('Queue')).toEqual(['Put', 'Get']);
    expect(labels('Condition')).toEqual(['Notify', 'Notify all']);
    expect(labels('Barrier')).toEqual(['Abort', 'Reset']);
    expect(labels('Semaphore')).toEqual(['Release']);
    expect(labels('Lock')).toEqual(['Release']);
    expect(labels('RLock')).toEqual([]);
  });

  it('cannot release a Lock nobody holds', () => {
    expect(primitiveActions('Lock', 'lockA', null, false)[0]?.disabledReason).toBe('nobody holds it');
    expect(primitiveActions('Semaphore', 's', null, false)[0]?.disabledReason).toBeNull();
    // The lab notifies as `with cv:`, so only while no worker holds the condition's lock.
    expect(primitiveActions('Condition', 'cv', null, true).map((action) => action.disabledReason)).toEqual(['a worker holds its lock', 'a worker holds its lock']);
    expect(primitiveActions('Condition', 'cv', null, false)[0]?.disabledReason).toBeNull();
    expect(primitiveActions('Timer', 't', null, false, true)[0]?.disabledReason).toBe('a timer starts only once');
  });

  it('put numbers as numbers, and other text as text', () => {
    expect(itemOf('42')).toBe(42);
    expect(itemOf('-1.5')).toBe(-1.5);
    expect(itemOf('true')).toBe(true);
    expect(itemOf('null')).toBeNull();
    expect(itemOf('job 7')).toBe('job 7');
    expect(itemOf('')).toBe('');
  });
});
