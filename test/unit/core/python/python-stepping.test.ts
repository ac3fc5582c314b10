import { describe, expect, it } from 'vitest';
import { PythonStepping } from '../../../../src/core/python/python-stepping';
import type { PythonConnectionHandler } from '../../../../src/core/python/python-listener';
import { StepGate } from '../../../../src/core/sync/step-gate';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonHello } from '../../../../src/shared/python-wire';

const HELLO = { type: 'hello', pid: 10, ppid: 1 } as unknown as PythonHello;

/** The real gate, a listener that records what is written to each connection, and the stepping between them. */
function setup() {
  const events: LabEventBody[] = [];
  const written: string[] = [];
  const gate = new StepGate({ emit: (event) => events.push(event), nameOf: (id) => id });
  const stepping = new PythonStepping({ gate, write: (connection, line) => (written.push(`${connection}: ${line.trim()}`), true) });
  const inner: PythonConnectionHandler = { hello: () => undefined, facts: () => null, closed: () => undefined };
  const handler = stepping.around(inner);
  return { events, written, gate, stepping, handler };
}

describe('PythonStepping', () => {
  it('tells each connection the mode at each change, and after its hello once step mode has been on (never before: its environment said off)', () => {
    const { written, gate, handler } = setup();
    handler.hello(1, HELLO);
    gate.setMode(true);
    handler.hello(2, HELLO);
    gate.setMode(false);
    handler.hello(3, HELLO);
    expect(written).toEqual(['1: step on', '2: step on', '1: step off', '2: step off', '3: step off']);
  });

  it('holds a Python thread in the gate, and its release writes its go', () => {
    const { written, events, gate, stepping, handler } = setup();
    handler.hello(1, HELLO);
    gate.setMode(true);
    written.length = 0;
    stepping.held(1, 'w1.2', 4242, 'lockA', 'acquire');
    expect(events.at(-1)).toEqual({ type: 'step.held', workerId: 'w1.2', primitive: 'lockA', op: 'acquire' });
    expect(written).toEqual([]);
    expect(gate.release('w1.2')).toMatchObject({ ok: true });
    expect(written).toEqual(['1: go 4242']);
    expect(gate.release('w1.2')).toMatchObject({ ok: false });
  });

  it('answers a hold at once when step mode is off (turned off on the way), and Run freely writes every go', () => {
    const { written, gate, stepping, handler } = setup();
    handler.hello(1, HELLO);
    written.length = 0;
    stepping.held(1, 'w1.2', 7, 'lockA', 'acquire');
    expect(written).toEqual(['1: go 7']);
    gate.setMode(true);
    stepping.held(1, 'w1.2', 7, 'lockA', 'release');
    stepping.held(1, 'w1.3', 8, 'lockB', 'acquire');
    written.length = 0;
    gate.setMode(false);
    expect(written).toEqual(['1: go 7', '1: go 8', '1: step off']);
  });

  it('a connection that ends drops its threads from the gate: they cannot be released into nothing', () => {
    const { gate, stepping, handler } = setup();
    handler.hello(1, HELLO);
    gate.setMode(true);
    stepping.held(1, 'w1.2', 7, 'lockA', 'acquire');
    handler.closed(1, null, HELLO);
    expect(gate.release('w1.2')).toMatchObject({ ok: false });
    // A hold read after its connection ended (the merge gives facts on late) is not taken.
    stepping.held(1, 'w1.3', 8, 'lockA', 'acquire');
    expect(gate.release('w1.3')).toMatchObject({ ok: false });
  });
});
