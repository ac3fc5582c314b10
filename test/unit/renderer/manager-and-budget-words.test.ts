import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/renderer/format/describe-event';
import { describePrimitiveState } from '../../../src/renderer/format/describe-primitive-state';
import { createCommandOf, INITIAL_PRIMITIVE_DRAFT, optionsOf } from '../../../src/renderer/model/primitive-form';
import { dataEdits } from '../../../src/renderer/model/primitive-edits';
import { reduceAll } from '../../../src/shared/reducer';
import { entry } from './sync-fixtures';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

const s = eventStream();
const state = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w3', { name: 'filler-1' }) })]);

describe('the Manager list, queue shutdown and the memory budget in the UI', () => {
  it('the log names the worker that hit the memory budget, and the lab when it was the lab', () => {
    const body = { type: 'sync.memoryRefused', primitive: 'q', workerId: 'w3', bytes: 1_048_576, held: 60 * 1024 ** 2, used: 64 * 1024 ** 2, limit: 64 * 1024 ** 2 } as const;
    expect(describeEvent(s.event(body), state)).toMatchObject({
      who: 'filler-1',
      workerId: 'w3',
      tone: 'bad',
      what: "MemoryError: the lab's memory budget (64.0 MiB for all queues, dicts, lists and pipes) is full; adding 1.0 MiB to q was refused (it holds 60.0 MiB, all 64.0 MiB)",
    });
    expect(describeEvent(s.event({ ...body, workerId: 'lab' }), state)).toMatchObject({ who: 'lab' });
  });

  it('a queue shows what it holds and that it is shut down; a List its contents and bytes', () => {
    // Depth and shutdown folded from facts, the bytes held from `sync.held`, the contents from `sync.write`.
    const queue = entry('q', 'Queue', { depth: 3, maxsize: 5, shutdown: true, held: 2048 });
    expect(describePrimitiveState(queue)).toBe('depth 3/5, 2.0 KiB, shut down');
    const list = entry('l', 'List', { contents: "[0, 'x']", held: 4 });
    expect(describePrimitiveState(list)).toBe("[0, 'x'] · 4 B");
    expect(describePrimitiveState(entry('e', 'List'))).toBe('[]');
  });

  it('the New primitive form makes a List from a JSON list, and sends text that is not one as typed for the lab to refuse', () => {
    expect(optionsOf('List')).toEqual(['items']);
    expect(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'List', name: 'l', items: '[0, 1, 2, 3, 4]' })).toEqual({
      type: 'sync.create',
      primitive: { kind: 'List', name: 'l', items: [0, 1, 2, 3, 4] },
    });
    expect(createCommandOf({ ...INITIAL_PRIMITIVE_DRAFT, kind: 'List', name: 'l', items: 'range(5)' })).toMatchObject({ primitive: { items: 'range(5)' } });
  });

  it('a List is edited like a Dict: Set an element, Append, Clear', () => {
    const edits = dataEdits('List', 'l', { index: '-1', value: 'done', key: '' });
    expect(edits.map((edit) => [edit.ariaLabel, edit.command])).toEqual([
      ['Set element of l', { type: 'sync.operate', request: { op: 'list_set', name: 'l', index: -1, item: 'done' } }],
      ['Append to l', { type: 'sync.operate', request: { op: 'list_append', name: 'l', item: 'done' } }],
      ['Clear l', { type: 'sync.operate', request: { op: 'list_clear', name: 'l' } }],
    ]);
  });
});
