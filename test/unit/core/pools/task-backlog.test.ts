import { describe, expect, it } from 'vitest';
import { TaskBacklog } from '../../../../src/core/pools/task-backlog';

const task = (id: number) => ({ id });
const ids = (backlog: TaskBacklog<{ id: number }>) => backlog.drain().map((each) => each.id);

describe('a pool\'s backlog', () => {
  it('gives tasks first in, first out; a cancelled one is taken out and never given', () => {
    const backlog = new TaskBacklog<{ id: number }>();
    for (const id of [1, 2, 3, 4]) backlog.push(task(id));
    expect(backlog.remove(2)).toEqual({ id: 2 });
    expect(backlog.remove(2)).toBeUndefined();
    expect(backlog.size).toBe(3);
    expect(backlog.shift()).toEqual({ id: 1 });
    expect(backlog.shift()).toEqual({ id: 3 });
    expect(backlog.has(4)).toBe(true);
    expect(backlog.has(1)).toBe(false);
    expect(backlog.shift()).toEqual({ id: 4 });
    expect(backlog.shift()).toBeUndefined();
    expect(backlog.size).toBe(0);
  });

  it('puts tasks a dead worker never started back in front, in their order, and can still cancel them', () => {
    const backlog = new TaskBacklog<{ id: number }>();
    for (const id of [5, 6, 7]) backlog.push(task(id));
    backlog.shift();
    backlog.unshiftAll([task(3), task(4)]);
    expect(backlog.size).toBe(4);
    expect(backlog.remove(4)).toEqual({ id: 4 });
    expect(ids(backlog)).toEqual([3, 6, 7]);
  });

  it('stays in order through many tasks taken from the front (the consumed part is dropped in blocks)', () => {
    const backlog = new TaskBacklog<{ id: number }>();
    for (let id = 1; id <= 5000; id += 1) backlog.push(task(id));
    for (let id = 1; id <= 3000; id += 1) expect(backlog.shift()?.id).toBe(id);
    expect(backlog.remove(4000)).toEqual({ id: 4000 });
    expect(backlog.size).toBe(1999);
    const rest = ids(backlog);
    expect(rest[0]).toBe(3001);
    expect(rest.at(-1)).toBe(5000);
    expect(rest).not.toContain(4000);
  });
});
