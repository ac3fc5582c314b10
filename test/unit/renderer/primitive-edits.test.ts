import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../../src/shared/protocol';
import { dataEdits, dataFields, deleteRefusal, INITIAL_DATA_DRAFT } from '../../../src/renderer/model/primitive-edits';
import { INITIAL_SYNC_TASK_DRAFT, syncTaskOf } from '../../../src/renderer/model/sync-task-form';
import { entry, held, waiting } from './sync-fixtures';

describe('editing shared data from the Locks panel', () => {
  it('offers each kind its edits, sent as typed, each one a valid command', () => {
    expect(dataFields('Value')).toEqual(['value']);
    expect(dataFields('Array')).toEqual(['index', 'value']);
    expect(dataFields('Dict')).toEqual(['key', 'value']);
    expect(dataFields('Lock')).toEqual([]);
    const draft = { value: '7', index: '-1', key: 'n' };
    expect(dataEdits('Value', 'counter', draft).map((edit) => [edit.label, edit.command])).toEqual([
      ['Set', { type: 'sync.operate', request: { op: 'value_set', name: 'counter', value: 7 } }],
    ]);
    expect(dataEdits('Array', 'a', draft).map((edit) => edit.ariaLabel)).toEqual(['Set element of a', 'Reset a to zeros']);
    expect(dataEdits('Array', 'a', draft)[1]!.command).toEqual({ type: 'sync.operate', request: { op: 'array_fill', name: 'a', value: 0 } });
    expect(dataEdits('Dict', 'd', { ...draft, value: 'ready' }).map((edit) => edit.command)).toEqual([
      { type: 'sync.operate', request: { op: 'dict_set', name: 'd', key: 'n', value: 'ready' } },
      { type: 'sync.operate', request: { op: 'dict_delete', name: 'd', key: 'n' } },
      { type: 'sync.operate', request: { op: 'dict_clear', name: 'd' } },
    ]);
    for (const kind of ['Value', 'Array', 'Dict'] as const) {
      for (const edit of dataEdits(kind, 'x', INITIAL_DATA_DRAFT)) expect(commandSchema.safeParse(edit.command).success).toBe(true);
    }
  });

  it('a value that is not a number goes as typed, so the lab answers as Python would (a TypeError for text)', () => {
    const [set] = dataEdits('Value', 'counter', { ...INITIAL_DATA_DRAFT, value: 'ten' });
    const parsed = commandSchema.safeParse(JSON.parse(JSON.stringify(set!.command)));
    expect(parsed.success && parsed.data.type === 'sync.operate' && parsed.data.request).toMatchObject({ op: 'value_set', value: 'ten' });
    const [empty] = dataEdits('Value', 'counter', { ...INITIAL_DATA_DRAFT, value: '' });
    expect(empty!.command).toMatchObject({ request: { value: '' } });
  });

  it('reads a typed cell as Python would: exact big ints, nan and inf, one character as one byte', () => {
    const value = (typed: string) => {
      const [set] = dataEdits('Value', 'v', { ...INITIAL_DATA_DRAFT, value: typed });
      return set!.command.type === 'sync.operate' && set!.command.request.op === 'value_set' ? set!.command.request.value : undefined;
    };
    expect(value('200')).toBe(200);
    expect(value('-1.5')).toBe(-1.5);
    expect(value('18446744073709551621')).toEqual({ int: '18446744073709551621' });
    expect(value('nan')).toEqual({ float: 'nan' });
    expect(value('-inf')).toEqual({ float: '-inf' });
    expect(value('a')).toEqual({ bytes: 'YQ==' });
    expect(value("b'z'")).toEqual({ bytes: 'eg==' });
    expect(value('True')).toBe(true);
  });

  it('says early why a primitive cannot be deleted: in use, or made with another', () => {
    expect(deleteRefusal(entry('L', 'Lock'))).toBeNull();
    expect(deleteRefusal(entry('L', 'Lock', { holder: held('w1') }))).toMatch(/holds it/);
    expect(deleteRefusal(entry('S', 'Semaphore', { value: 0, holders: [held('w1')] }))).toMatch(/holds it/);
    expect(deleteRefusal(entry('e', 'Event', { waiters: [waiting('w1', 0, null, 'wait')] }))).toMatch(/wait on it/);
    expect(deleteRefusal(entry('cv.lock', 'RLock', {}, true))).toMatch(/made with another/);
  });
});

describe('the pipe demo with the form as it opens', () => {
  it('sends on end 1 and receives on end 0, as conn1 sends and conn0 receives in Python', () => {
    expect(syncTaskOf('pipe-send', INITIAL_SYNC_TASK_DRAFT)).toMatchObject({ name: 'pipe-send', pipe: 'pipe', end: 1 });
    expect(syncTaskOf('pipe-recv', INITIAL_SYNC_TASK_DRAFT)).toMatchObject({ name: 'pipe-recv', pipe: 'pipe', end: 0 });
  });
});
