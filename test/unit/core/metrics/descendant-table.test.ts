import { describe, expect, it } from 'vitest';
import { DescendantTable, nameOf } from '../../../../src/core/metrics/descendant-table';
import type { PsRow } from '../../../../src/core/metrics/ps-table';

const T = 1_795_515_000_000;
const row = (pid: number, ppid: number, startedAt: number, command = `task ${pid}`): PsRow => ({ pid, ppid, startedAt, command });

// A machine: init 1, an unrelated daemon 50, the lab 100 with a shell 200 that started sleeps 300 and 301.
const machine = [row(1, 0, T - 9e6, '/sbin/init'), row(50, 1, T - 5e6), row(100, 1, T, 'node lab.js'), row(200, 100, T + 1000, 'sh -c x'), row(300, 200, T + 1000, '/bin/sleep 30'), row(301, 200, T + 2000)];

describe('DescendantTable: whose a process is', () => {
  const worker = { workerId: 'w1', detached: false };
  const ownerOf = (table: DescendantTable, pid: number) => table.entry(pid)?.owner ?? null;

  it('a claimed child of the root is its worker\'s, and so is what it starts, orphans included; an unclaimed one is nobody\'s', () => {
    const table = new DescendantTable(100);
    // 200 is claimed before any table has shown it (it was just started), 210 is the host's own.
    table.claim(200, worker, T + 1000);
    table.absorb([...machine, row(210, 100, T + 1000)]);
    expect([200, 300, 301].map((pid) => ownerOf(table, pid))).toEqual([worker, worker, worker]);
    expect(ownerOf(table, 210)).toBeNull();
    table.absorb([row(1, 0, T - 9e6), row(100, 1, T), row(300, 1, T + 1000)]);
    expect(ownerOf(table, 300)).toEqual(worker);
  });

  it('a claim on a process already in the table passes down to what was found below it', () => {
    const table = new DescendantTable(100);
    table.absorb(machine);
    table.claim(200, worker, T + 3000);
    expect([200, 300, 301].map((pid) => ownerOf(table, pid))).toEqual([worker, worker, worker]);
  });

  it('a claim is not given to a process that started after it (the claimed one was gone, its pid reused)', () => {
    const table = new DescendantTable(100);
    table.claim(200, worker, T + 1000);
    table.absorb([row(1, 0, T - 9e6), row(100, 1, T), row(200, 100, T + 30_000)]);
    expect(ownerOf(table, 200)).toBeNull();
  });
});

describe('DescendantTable', () => {
  it('finds every generation below the root, even a child started in the same second as its parent', () => {
    const table = new DescendantTable(100);
    // Listed child first: a table in pid or start order cannot be trusted to put parents first.
    table.absorb([...machine].reverse());
    expect(table.pids().sort()).toEqual([100, 200, 300, 301]);
    const deepestFirst = table.descendantsOf(100);
    expect(deepestFirst.slice(0, 2).sort()).toEqual([300, 301]);
    expect(deepestFirst[2]).toBe(200);
    expect(table.descendantsOf(200).sort()).toEqual([300, 301]);
    expect([...table.entries()].find((entry) => entry.pid === 300)?.name).toBe('sleep');
  });

  it('keeps an orphan whose parent died, marks it and reports the reparenting once', () => {
    const table = new DescendantTable(100);
    table.absorb(machine);
    table.absorb([row(1, 0, T - 9e6), row(50, 1, T - 5e6), row(100, 1, T), row(300, 1, T + 1000, '/bin/sleep 30'), row(301, 1, T + 2000)]);
    expect(table.pids().sort()).toEqual([100, 300, 301]);
    expect([...table.entries()].filter((entry) => entry.orphan).map((entry) => entry.pid).sort()).toEqual([300, 301]);
    expect(table.takeReparented()).toContainEqual({ pid: 300, start: T + 1000, name: 'sleep', fromPpid: 200, toPpid: 1 });
    expect(table.takeReparented()).toEqual([]);
    // Still counted as the lab's, below the root and below the shell that is gone.
    expect(table.descendantsOf(100).sort()).toEqual([300, 301]);
  });

  it('takes a reused pid for a new process, and does not adopt the children of a stranger who got our pid', () => {
    const table = new DescendantTable(100);
    table.absorb(machine);
    // 200 exited; a stranger (parent 50) got pid 200 later and started 400.
    table.absorb([...machine.filter((r) => r.pid !== 200 && r.pid < 300), row(200, 50, T + 60_000), row(400, 200, T + 61_000)]);
    expect(table.pids().sort()).toEqual([100]);
    // A new child of the lab that reuses pid 300 is a new process with a new start.
    table.absorb([...machine.slice(0, 3), row(300, 100, T + 70_000)]);
    expect([...table.entries()].find((entry) => entry.pid === 300)?.start).toBe(T + 70_000);
  });

  it('treats starts a second apart as the same process (ps rounds them)', () => {
    const table = new DescendantTable(100);
    table.absorb(machine);
    table.absorb(machine.map((r) => (r.pid === 301 ? { ...r, startedAt: r.startedAt + 1000 } : r)));
    expect([...table.entries()].find((entry) => entry.pid === 301)?.start).toBe(T + 2000);
  });
});

describe('nameOf', () => {
  it('is the file name of the program', () => {
    expect(nameOf('/usr/bin/node --inspect x.js')).toBe('node');
    expect(nameOf('C:\\Windows\\system32\\cmd.exe /c dir')).toBe('cmd.exe');
    expect(nameOf('[kthreadd]')).toBe('[kthreadd]');
  });
});
