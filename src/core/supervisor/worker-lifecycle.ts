import type { LabEventBody } from '../../shared/protocol';
import type { WorkerKind } from '../../shared/worker';
import type { Cancel, Clock } from '../clock';
import { refusals } from './errors';
import { escalate, type Escalation } from './escalation';
import type { Launched } from './launched';

/** A worker that has not said ready after this long failed to start (never a silent hang). */
export const START_TIMEOUT_MS = 30_000;

/**
 * How the lab is ending a worker: Terminate (polite: SIGTERM, then SIGKILL after the grace period), Kill
 * (forceful, at once), the lab's stop for a non-daemon worker (a stop request, then the kill), or a user's
 * own SIGTERM or SIGKILL (the lab sends it and only waits; it does not escalate).
 */
export type EndHow = 'polite' | 'forceful' | 'stop' | 'signal';

/** One worker's life as the lab sees it, every fact of it in one place. */
export type LifecycleState =
  /** Asked for and announced; waiting for a slot to be launched in (supervisor.ts MAX_BOOTING). */
  | { readonly phase: 'waiting' }
  /** Launched, not ready yet: an exit now is a failed start. */
  | { readonly phase: 'launching'; readonly startTimeout: Cancel }
  | { readonly phase: 'running' }
  /**
   * The lab asked it to end (an exit now is never a failed start); `escalation` is the SIGKILL to come, if any; a
   * start timeout still runs for one that has not said ready.
   */
  | {
      readonly phase: 'ending';
      readonly how: EndHow;
      readonly escalation: Escalation | null;
      readonly escalated: boolean;
      readonly ready: boolean;
      readonly startTimeout: Cancel | null;
    }
  /** Exited (exitCode: Python's exitcode, exit-code.ts), or never ran (startFailure says why). */
  | {
      readonly phase: 'ended';
      readonly exitCode: number | null;
      readonly startFailure: string | null;
      /** How the lab was ending it when it went; null if it ended by itself. */
      readonly how: EndHow | null;
      readonly escalated: boolean;
      readonly ready: boolean;
    };

export type LifecyclePhase = LifecycleState['phase'];

/** What the lifecycle acts on and reports to. */
export interface LifecyclePort {
  readonly workerId: string;
  readonly clock: Clock;
  /** The worker's handle: null until it is launched, and for one that could not be launched at all. */
  handle(): Launched | null;
  /** A fact a timer produced (the escalation's SIGKILL); the reports of a command are returned to its caller. */
  emit(event: LabEventBody): void;
  /** The worker never ran: the supervisor reports the failed start and keeps its book (it calls failedToStart). */
  failStart(reason: string): void;
}

/**
 * The one state machine of a worker's life: waiting -> launching -> running -> ending -> ended. It owns every
 * way the lab ends a worker (Terminate, Kill, a tree's end, the lab's stop) and so the one SIGTERM -> SIGKILL
 * escalation, and the start timeout. Commands' transitions send what they must at once and return the facts
 * to report, so a caller ending many workers signals them all before it reports any (shutdown.ts).
 */
export class WorkerLifecycle {
  private current: LifecycleState = { phase: 'waiting' };

  constructor(
    private readonly kind: WorkerKind,
    private readonly port: LifecyclePort,
  ) {}

  get state(): LifecycleState {
    return this.current;
  }

  get ended(): boolean {
    return this.current.phase === 'ended';
  }

  /** It said ready (and stays so once it has, ended or not). */
  get ready(): boolean {
    const state = this.current;
    switch (state.phase) {
      case 'waiting':
      case 'launching':
        return false;
      case 'running':
        return true;
      case 'ending':
      case 'ended':
        return state.ready;
    }
  }

  /** The lab's escalation had to SIGKILL it (or kill a thread that ignored its stop request). */
  get escalated(): boolean {
    const state = this.current;
    return (state.phase === 'ending' || state.phase === 'ended') && state.escalated;
  }

  /** Its turn to be launched has come: the start timeout runs from now. */
  launching(): void {
    if (this.current.phase !== 'waiting') return;
    this.current = { phase: 'launching', startTimeout: this.port.clock.setTimeout(() => this.startTimedOut(), START_TIMEOUT_MS) };
  }

  /** Its ready message: false if that changes nothing (it had ended, or said so before). */
  becameReady(): boolean {
    const state = this.current;
    if (state.phase === 'launching') {
      state.startTimeout();
      this.current = { phase: 'running' };
      return true;
    }
    if (state.phase === 'ending' && !state.ready) {
      state.startTimeout?.();
      this.current = { ...state, ready: true, startTimeout: null };
      return true;
    }
    return false;
  }

  /** An exit now, before ready and unasked, is a failed start, not an exit. */
  get exitIsFailedStart(): boolean {
    return this.current.phase === 'launching';
  }

  /**
   * Terminate. Threads: `worker.terminate()`. Processes: SIGTERM now, SIGKILL when the grace period runs out;
   * a second Terminate starts the grace period again. Before launch: a start that never runs.
   */
  terminate(graceMs: number): LabEventBody[] {
    const state = this.current;
    if (state.phase === 'waiting') return this.neverLaunched();
    const launched = this.port.handle();
    if (state.phase === 'ended' || launched === null) return [];
    const workerId = this.workerId;
    if (this.kind === 'thread') {
      launched.terminate();
      this.toEnding('polite', null, null);
      return [{ type: 'terminate.sent', workerId, how: 'terminate()', graceMs: null }];
    }
    const reports: LabEventBody[] = [];
    this.toEnding('polite', graceMs, () => {
      launched.terminate();
      reports.push({ type: 'terminate.sent', workerId, how: 'SIGTERM', graceMs });
    });
    return reports;
  }

  /** Kill: at once, also during a polite end (whose escalation then has nothing left to do). Before launch: a start that never runs. */
  kill(): LabEventBody[] {
    const state = this.current;
    if (state.phase === 'waiting') return this.neverLaunched();
    const launched = this.port.handle();
    if (state.phase === 'ended' || launched === null) return [];
    launched.kill();
    this.toEnding('forceful', null, null);
    if (this.kind === 'thread') return [{ type: 'terminate.sent', workerId: this.workerId, how: 'terminate()', graceMs: null }];
    return [{ type: 'signal.sent', workerId: this.workerId, signal: 'SIGKILL', pids: [launched.pid ?? 0] }];
  }

  /**
   * The lab stops: a daemon is killed at once; any other is asked to finish (SIGTERM, or a stop message to a
   * thread) and killed when the grace period, counted from `since` (when the stop began), runs out. One not
   * launched yet is left to its launch turn, which refuses it (the supervisor stopped accepting).
   */
  stop(daemon: boolean, graceMs: number, since: number): LabEventBody[] {
    const state = this.current;
    const launched = this.port.handle();
    if (state.phase === 'waiting' || state.phase === 'ended' || launched === null) return [];
    if (daemon) return this.kill();
    const how = this.kind === 'thread' ? 'stop request' : 'SIGTERM';
    this.toEnding('stop', graceMs, () => launched.requestStop(), since);
    return [{ type: 'terminate.sent', workerId: this.workerId, how, graceMs }];
  }

  /** The user sent it SIGTERM or SIGKILL themselves: it is ending, and the lab does not escalate. */
  signalled(): void {
    const state = this.current;
    if (state.phase === 'launching' || state.phase === 'running') this.toEnding('signal', null, null);
  }

  /** It exited: false if it had ended already. */
  exited(exitCode: number | null): boolean {
    return this.toEnded(exitCode, null);
  }

  /** It never ran: false if it had ended already. */
  failedToStart(reason: string): boolean {
    return this.toEnded(null, reason);
  }

  private toEnded(exitCode: number | null, startFailure: string | null): boolean {
    const state = this.current;
    switch (state.phase) {
      case 'ended':
        return false;
      case 'waiting':
      case 'running':
        this.current = { phase: 'ended', exitCode, startFailure, how: null, escalated: false, ready: state.phase === 'running' };
        return true;
      case 'launching':
        state.startTimeout();
        this.current = { phase: 'ended', exitCode, startFailure, how: null, escalated: false, ready: false };
        return true;
      case 'ending':
        state.startTimeout?.();
        state.escalation?.cancel();
        this.current = { phase: 'ended', exitCode, startFailure, how: state.how, escalated: state.escalated, ready: state.ready };
        return true;
    }
  }

  /**
   * Into `ending`, ending any escalation already under way. With a grace period, `polite` runs now and the kill
   * when it has run out (from `since`); an escalation that fires marks the worker escalated.
   */
  private toEnding(how: EndHow, graceMs: number | null, polite: (() => void) | null, since = this.port.clock.monotonic()): void {
    const state = this.current;
    if (state.phase !== 'launching' && state.phase !== 'running' && state.phase !== 'ending') return;
    const ready = state.phase === 'running' || (state.phase === 'ending' && state.ready);
    const startTimeout = state.phase === 'launching' || state.phase === 'ending' ? state.startTimeout : null;
    if (state.phase === 'ending') state.escalation?.cancel();
    const next = { phase: 'ending' as const, how, escalation: null, escalated: false, ready, startTimeout };
    this.current = next;
    if (graceMs === null || polite === null) return;
    const escalation = escalate(this.port.clock, graceMs - (this.port.clock.monotonic() - since), {
      polite,
      forceful: () => this.escalate(graceMs),
    });
    // The polite step may have ended it already (a thread's terminate() can exit at once).
    if (this.current === next) this.current = { ...next, escalation };
  }

  /** The grace period has run out and it is still there. */
  private escalate(graceMs: number): void {
    const state = this.current;
    if (state.phase !== 'ending') return;
    this.current = { ...state, escalation: null, escalated: true };
    this.port.handle()?.kill();
    this.port.emit({ type: 'terminate.escalated', workerId: this.workerId, afterMs: graceMs });
  }

  private startTimedOut(): void {
    if (this.ready || this.ended) return;
    this.port.handle()?.kill();
    this.port.failStart(`no sign of life within ${START_TIMEOUT_MS / 1000} s`);
  }

  private neverLaunched(): LabEventBody[] {
    this.port.failStart(refusals.endedBeforeLaunch());
    return [];
  }

  private get workerId(): string {
    return this.port.workerId;
  }
}
