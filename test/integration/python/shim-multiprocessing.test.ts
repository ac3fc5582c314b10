import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, pythons, runPython, type Connection, type Fact } from '../../support/python-collector';
import { waitFor } from '../../support/wait';

/**
 * multiprocessing's primitives, observed in every process that holds one: each process announces the
 * primitive with the same `shared` key, so that the lab folds every process's ops into one primitive; a
 * child waiting on a Lock its parent holds says so (flushed) before it blocks.
 */

const MP_PRIMITIVES = join(__dirname, '..', '..', 'fixtures', 'python', 'mp-primitives.py');
const MANAGER = join(__dirname, '..', '..', 'fixtures', 'python', 'manager.py');

let collector: PythonCollector;
afterEach(async () => collector?.close());

/** prim.new is [name, t, id, kind, label, file, line, params]; an op is [name, t, tid, id, arg]. */
function primitives(connection: Connection): Map<string, { id: number; kind: string; label: string; shared: string }> {
  const found = new Map<string, { id: number; kind: string; label: string; shared: string }>();
  for (const fact of connection.facts().filter((each) => each[0] === 'prim.new')) {
    const params = fact[7] as { shared?: string };
    if (params.shared !== undefined) found.set(fact[4] as string, { id: fact[2] as number, kind: fact[3] as string, label: fact[4] as string, shared: params.shared });
  }
  return found;
}

const opsOn = (connection: Connection, id: number): Fact[] => connection.facts().filter((fact) => fact[3] === id && !String(fact[0]).startsWith('prim.') && String(fact[0]).includes('.'));

describe.each(pythons())('multiprocessing primitives under Python $version', ({ path: python }) => {
  for (const method of ['fork', 'spawn'] as const) {
    // The child's wait on the parent's lock: the fixture holds the lock until the kernel shows the child asleep on it.
    it(`fold into one per primitive across the parent and a ${method} child`, async () => {
      collector = new PythonCollector();
      await collector.listen();
      const ran = await runPython(python, [MP_PRIMITIVES, method], collector.env());
      expect(ran.stdout.toString()).toBe(method === 'fork' ? 'from the child 1 2\nhello\nexit code 0 3 [5.0, 6.0, 0.0, 0.0]\n' : 'from the child 1 2\nexit code 0  \n');
      await waitFor('both processes ended', () => collector.connections.filter((each) => each.ended).length >= 2);
      const parent = collector.byRole('main')[0]!;
      const child = collector.byRole('process')[0]!;
      expect(child.hello!.startMethod).toBe(method);
      const inParent = primitives(parent);
      const inChild = primitives(child);
      const labels = method === 'fork' ? ['arrived', 'meet', 'lock', 'semaphore', 'ready', 'queue', 'joinable', 'simple', 'parent_end-child_end', 'number', 'cells'] : ['arrived', 'meet', 'lock', 'semaphore', 'ready', 'queue', 'joinable', 'simple'];
      for (const label of labels) {
        expect(inParent.get(label), label).toBeDefined();
        expect(inChild.get(label)?.shared, label).toBe(inParent.get(label)!.shared);
      }
      expect([...inParent.values()].map((each) => each.kind)).toEqual(
        expect.arrayContaining(['Lock', 'BoundedSemaphore', 'Event', 'Barrier', 'Queue', 'JoinableQueue', 'SimpleQueue']),
      );
      // The child parked on the parent's lock, said so, then got it.
      const childLock = opsOn(child, inChild.get('lock')!.id).map((fact) => fact[0]);
      expect(childLock.slice(0, 2)).toEqual(['lock.waiting', 'lock.acquired']);
      expect(opsOn(child, inChild.get('queue')!.id).map((fact) => fact[0])).toEqual(['queue.put']);
      expect(opsOn(parent, inParent.get('queue')!.id).map((fact) => fact[0]).filter((op) => op === 'queue.get')).toHaveLength(1);
      const arrivals = [...opsOn(parent, inParent.get('meet')!.id), ...opsOn(child, inChild.get('meet')!.id)].map((fact) => fact[0]);
      expect(arrivals.filter((op) => op === 'barrier.arrive')).toHaveLength(2);
      expect(arrivals.filter((op) => op === 'barrier.trip')).toHaveLength(1);
      expect(opsOn(parent, inParent.get('joinable')!.id).map((fact) => [fact[0], fact[4]])).toContainEqual(['queue.taskDone', 0]);
      if (method === 'fork') {
        expect(opsOn(child, inChild.get('parent_end-child_end')!.id).map((fact) => fact[0])).toContain('pipe.send');
        expect(opsOn(parent, inParent.get('parent_end-child_end')!.id).map((fact) => fact[0])).toContain('pipe.recv');
        expect(opsOn(child, inChild.get('number')!.id).map((fact) => fact[0])).toEqual(['value.write']);
        expect(opsOn(child, inChild.get('cells')!.id).map((fact) => [fact[0], fact[4]])).toEqual([['array.write', 2]]);
      }
    });
  }

  for (const method of ['fork', 'spawn'] as const) {
    it(`shows a ${method} Manager's server as role manager, and its dict and list writes`, async () => {
      collector = new PythonCollector();
      await collector.listen();
      const ran = await runPython(python, [MANAGER, method], collector.env());
      expect(ran.stdout.toString()).toBe("[('a', 1), ('b', 2)] ['x', 'y']\n");
      expect(ran.code).toBe(0);
      await waitFor('the manager connection', () => collector.byRole('manager')[0]);
      expect(collector.byRole('manager')[0]!.hello!.startMethod).toBe(method);
      const main = collector.byRole('main')[0]!;
      const made = main.facts().filter((fact) => fact[0] === 'prim.new').map((fact) => [fact[3], fact[4]]);
      expect(made).toEqual(expect.arrayContaining([['Dict', 'scores'], ['List', 'names']]));
      const inMain = primitives(main);
      // Each write says its key and value (data.key) before its dict.write: scores['a'] = 1, then update(b=2).
      expect(opsOn(main, inMain.get('scores')!.id).map((fact) => fact.slice(0, 1).concat(fact[0] === 'data.key' ? fact.slice(4) : []))).toEqual([['data.key', 'write', "'a'", '1'], ['dict.write'], ['data.key', 'write', "'b'", '2'], ['dict.write']]);
      expect(opsOn(main, inMain.get('names')!.id).map((fact) => fact[0])).toEqual(['list.write', 'list.write']);
    });
  }
});
