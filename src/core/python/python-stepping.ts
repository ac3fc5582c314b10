import { PY_STEP_LINES, type PythonFact, type PythonHello } from '../../shared/python-wire';
import type { PythonConnectionHandler } from './python-listener';

/** What step mode's Python half needs of the gate (step-gate.ts). */
export interface PythonStepGate {
  readonly isOn: boolean;
  holdObserved(workerId: string, primitive: string, op: string, proceed: () => void): boolean;
  leftObserved(workerId: string): void;
  workerEnded(workerId: string): void;
  onModeChange(listener: (on: boolean) => void): void;
}

export interface PythonSteppingDeps {
  readonly gate: PythonStepGate;
  /** Writes one line to a connection (PythonListener.write): false when it could not. */
  readonly write: (connection: number, line: string) => boolean;
}

/**
 * Step mode for Python threads, the host's half (docs/step-mode.md, "Python"): the shim (stepping.py) stops a
 * thread before an operation of an observed threading primitive and says `step.held`; the session names the
 * thread and the primitive, and this holds it in the same gate as the lab's own workers, so the page, the
 * log and the timeline show it as any held worker. Releasing it writes its `go <tid>` line.
 *
 * Never leaves a program waiting for nothing: a `step.held` the gate does not take (step mode is off, or was
 * turned off on the way) is answered with its go at once; every connection is told the mode after its hello
 * and at each change; a connection that ends drops its threads' holds (its shim, which saw the end too, let
 * them go).
 */
export class PythonStepping {
  /** Connections that said hello: each is told when step mode goes on or off. */
  private readonly connections = new Set<number>();
  /** Threads held now, by worker id: their connection (dropped when it ends). */
  private readonly heldOn = new Map<string, number>();
  /** Step mode was on at some time: only then can a program's CONCURRENCY_LAB_PY_STEP be stale. */
  private everOn = false;

  constructor(private readonly deps: PythonSteppingDeps) {
    deps.gate.onModeChange((on) => {
      if (on) this.everOn = true;
      for (const connection of this.connections) deps.write(connection, on ? PY_STEP_LINES.on : PY_STEP_LINES.off);
      if (!on) this.heldOn.clear();
    });
  }

  /** The listener's handler with this in front: the mode is told after each hello, and holds end with their connection. */
  around(handler: PythonConnectionHandler): PythonConnectionHandler {
    return {
      hello: (connection: number, hello: PythonHello) => {
        handler.hello(connection, hello);
        this.connections.add(connection);
        // The program's CONCURRENCY_LAB_PY_STEP said the mode when it started; a child's may be stale, but only
        // once step mode has been on. Not written otherwise: a line to a process that has already ended (os._exit
        // right after fork) fails (EPIPE), and the connection ends before the host has read all the process sent
        // (hostile-growth's 1,000 forks: 128 of the 143 exit codes 3 came through, with the line written).
        if (this.deps.gate.isOn || this.everOn) this.deps.write(connection, this.deps.gate.isOn ? PY_STEP_LINES.on : PY_STEP_LINES.off);
      },
      facts: (connection: number, facts: readonly PythonFact[]) => handler.facts(connection, facts),
      closed: (connection: number, reason: string | null, hello: PythonHello | null) => {
        this.connections.delete(connection);
        for (const [workerId, on] of [...this.heldOn]) {
          if (on !== connection) continue;
          this.heldOn.delete(workerId);
          this.deps.gate.workerEnded(workerId);
        }
        handler.closed(connection, reason, hello);
      },
    };
  }

  /** A held thread left its hold by itself (`step.left`: an exception took it out): held no more, no go to write. */
  left(workerId: string): void {
    if (!this.heldOn.delete(workerId)) return;
    this.deps.gate.leftObserved(workerId);
  }

  /** A `step.held` of thread `tid` (worker `workerId`) before `op` on `primitive`, from this connection (the session names them). */
  held(connection: number, workerId: string, tid: number, primitive: string, op: string): void {
    const go = (): void => {
      if (this.heldOn.get(workerId) === connection) this.heldOn.delete(workerId);
      this.deps.write(connection, PY_STEP_LINES.go(tid));
    };
    if (!this.connections.has(connection)) return;
    this.heldOn.set(workerId, connection);
    if (!this.deps.gate.holdObserved(workerId, primitive, op, go)) go();
  }
}
