import { comparisonSchema, compareCommandSchema } from './lessons';
import { startLessonCommandSchema, startLessonSchema } from './start-lesson';
import { scenarioCommandSchemas, scenarioEventShapes } from './scenario-run';
import { z } from 'zod';
import { heldFactShape, readFactShape, writeFactShape } from './data-facts';
import { excerpt } from './excerpt';
import { joinReturnedShape, joinWaitingShape } from './joins';
import { syncFactsSchema } from './fact-schema';
import { configPatchSchema, labConfigSchema } from './config';
import { OUTPUT_CHUNK_MAX_CHARS, OUTPUT_STREAMS } from './output';
import { checkPoolApplyAtAGlance } from './pool-apply-check';
import { poolCommandSchemas, poolEventSchemas } from './pools';
import { cpuSampleSchema, processSampleSchema } from './samples';
import { signalNameSchema } from './signals';
import { createPrimitiveSchema, cycleStepSchema, itemSchema, primitiveNameSchema, syncRequestSchema } from './sync';
import { startSpecSchema } from './start-spec';
import { stepEventShapes } from './step-mode';
import { PY_ROLES, PY_START_METHODS } from './python-wire';
import { workerDescriptorSchema } from './worker';

/**
 * The one contract between a renderer and the lab core. Every command (renderer to core) and every event
 * (core to renderer) is defined here, once; both transports (Electron IPC and the WebSocket of browser mode)
 * carry exactly these messages, and each side validates what it receives.
 */

// ---- commands ----------------------------------------------------------------------------------

const workerId = z.string({ error: 'a worker id is text such as "w3"' }).min(1).max(64);
const workerIds = z
  .array(workerId, { error: 'workerIds must be a list of worker ids' })
  .min(1, 'name at least one worker')
  .max(4096, 'too many worker ids');
const processId = z.number({ error: 'pid must be a number' }).int('pid must be a whole number').min(1, 'pid must be at least 1').max(2 ** 31 - 1, 'pid is too large');
const processStart = z.number({ error: 'start must be the start time from a process sample' }).nonnegative('start must not be negative');
const timeoutMs = z
  .number({ error: 'timeout must be a number of milliseconds' })
  .min(0, 'timeout must not be negative')
  .max(86_400_000, 'timeout must be at most one day');

/**
 * A join's timeout. Negative is allowed, as in Python: `join(-1)` returns at once, as `join(0)` does
 * (threading.Thread.join waits max(timeout, 0); multiprocessing's Popen.wait polls its sentinel).
 */
const joinTimeoutMs = z
  .number({ error: 'timeout must be a number of milliseconds' })
  .max(86_400_000, 'timeout must be at most one day')
  .min(-86_400_000, 'timeout must be at least minus one day');

export const commandSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('start'), spec: startSpecSchema }),
    /** Wait for workers to end; never ends them. A timed-out join leaves the worker running. */
    z.strictObject({ type: z.literal('join'), workerIds, timeoutMs: joinTimeoutMs.optional() }),
    /** Threads: worker.terminate(); processes: SIGTERM, then SIGKILL after the grace period. */
    z.strictObject({ type: z.literal('terminate'), workerIds, graceMs: timeoutMs.optional() }),
    z.strictObject({ type: z.literal('kill'), workerIds }),
    /**
     * Python's Process.close(): releases ended workers' records (they leave every list); refused while one still
     * runs. Afterwards a command or a worker's question naming one is refused: "process object is closed".
     */
    z.strictObject({ type: z.literal('close'), workerIds }),
    z.strictObject({ type: z.literal('signal'), workerIds, signal: signalNameSchema }),
    /** A worker and every descendant process, through its process group where possible. */
    z.strictObject({ type: z.literal('terminateTree'), workerIds }),
    z.strictObject({ type: z.literal('terminateAll') }),
    /**
     * A process the lab did not start as a worker but sees below it (a shell's child, an orphaned grandchild),
     * named by pid and start time, so that a pid the kernel has reused is never hit. Only processes of the
     * lab's own tree are accepted. `process.terminate` is SIGTERM, then SIGKILL after the grace period.
     */
    z.strictObject({ type: z.literal('process.signal'), pid: processId, start: processStart, signal: signalNameSchema }),
    z.strictObject({ type: z.literal('process.terminate'), pid: processId, start: processStart }),
    z.strictObject({ type: z.literal('configure'), config: configPatchSchema }),
    /** Create a Lock, Queue, Event... by name and kind. */
    z.strictObject({ type: z.literal('sync.create'), primitive: createPrimitiveSchema }),
    /** Act on a primitive as "the lab": set an Event, put into a Queue, notify... never blocks. */
    z.strictObject({ type: z.literal('sync.operate'), request: syncRequestSchema }),
    /**
     * Delete a primitive, so that its name can be created again (docs/sync.md, "Delete"): refused while a
     * worker holds it or waits on it, or while another primitive depends on it.
     */
    z.strictObject({ type: z.literal('sync.delete'), name: primitiveNameSchema }),
    /**
     * Step mode ("be the scheduler", step-mode.ts): on, every worker is held at its next synchronisation point
     * until released; off is "Run freely" (every held worker goes).
     */
    z.strictObject({ type: z.literal('sync.stepMode'), on: z.boolean({ error: 'on must be true or false' }) }),
    /** Step mode: let one held worker's next operation through. */
    z.strictObject({ type: z.literal('sync.release'), workerId }),
    /**
     * "Again with this schedule": the workers of the last step session are ended, started again as they were,
     * and released in the same order (the first `upTo` choices only, if given: a rewind that really runs).
     */
    z.strictObject({ type: z.literal('sync.stepAgain'), upTo: z.number({ error: 'upTo must be a number of choices' }).int('upTo must be a whole number').min(0, 'upTo must not be negative').max(100_000, 'upTo is too large').optional() }),
    /** Pools and executors (pools.ts): create, apply, map, cancel, close, terminate, join, shutdown, resize, delete. */
    ...poolCommandSchemas,
    /** The threads-vs-processes comparison (lessons.ts): the lesson program as N threads, then as N processes. */
    compareCommandSchema,
    /** The fork vs spawn vs forkserver lesson (start-lesson.ts): the lesson program once per start method, then fork among threads. */
    startLessonCommandSchema,
    /** Scenarios (scenario-run.ts, docs/scenarios.md): run a variant, step the narration, reset, reload the files. */
    ...scenarioCommandSchemas,
  ],
  { error: (issue) => `unknown command ${excerpt((issue.input as { type?: unknown } | undefined)?.type)}` },
);
/** A command as the core runs it: validated, defaults filled in. */
export type LabCommand = z.infer<typeof commandSchema>;
/** A command as a renderer sends it: fields with defaults may be left out (the core fills them in). */
export type CommandToSend = z.input<typeof commandSchema>;
export type CommandType = LabCommand['type'];

export const commandResultSchema = z.strictObject({
  /** The workers a start created, or the ones a command acted on. */
  workerIds: z.array(z.string()),
  /** What a sync.operate gave back: the item got, the flag, the size... */
  value: itemSchema.optional(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

// ---- events ------------------------------------------------------------------------------------

const base = { seq: z.number().int().nonnegative(), t: z.number() };
const id = z.string();
const pid = z.number().int().nonnegative();

/** A Python interpreter the lab found (core/python/interpreters.ts): what the Start dialog offers. */
export const pythonInterpreterSchema = z.strictObject({
  /** What a start spec's `interpreter` is given: a name on PATH (python3.12) or a path. */
  interpreter: z.string().max(4096),
  /** "python3.12 (3.12.1)", "python3.13t (3.13.0, free-threaded)". */
  label: z.string().max(200),
  version: z.string().max(64),
  freeThreaded: z.boolean(),
});
export type PythonInterpreter = z.infer<typeof pythonInterpreterSchema>;

export const systemFactsSchema = z.strictObject({
  cpuModel: z.string(),
  cpuSpeedGHz: z.number().nullable(),
  physicalCores: z.number().nullable(),
  os: z.string(),
  memTotal: z.number().nullable(),
  /** The Python interpreters found (absent in recordings made before issue 10). */
  pythons: z.array(pythonInterpreterSchema).max(64).optional(),
});
export type SystemFacts = z.infer<typeof systemFactsSchema>;

/** What observing costs (own-cost.ts): a `metrics.cost` event's fields, and LabState.cost's (lab-state-schema.ts). */
export const labCostShape = {
  busyPercent: z.number().nonnegative(),
  heapBytes: z.number().nonnegative(),
  rssBytes: z.number().nonnegative(),
  factsPerSecond: z.number().nonnegative(),
  periodMs: z.number().positive(),
  configuredMs: z.number().positive(),
  /** Why the period in force is longer than the configured one; null when it is not. */
  reason: z.string().nullable(),
};

export const labEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('lab.started'),
    hostPid: pid,
    hostPpid: pid,
    platform: z.string(),
    cores: z.number().int().positive(),
    config: labConfigSchema,
    signalNumbers: z.record(z.string(), z.number()),
  }),
  z.strictObject({ ...base, type: z.literal('lab.configured'), config: labConfigSchema }),
  z.strictObject({ ...base, type: z.literal('lab.system'), system: systemFactsSchema }),
  /** The Python interpreters the lab found (after lab.system: each is asked its version, which takes a while). */
  z.strictObject({ ...base, type: z.literal('python.interpreters'), interpreters: z.array(pythonInterpreterSchema).max(64) }),
  z.strictObject({ ...base, type: z.literal('lab.stopping'), reason: z.string() }),
  /** What observing costs now (own-cost.ts): how busy the host's main thread was, its memory, facts per second, the period in force. */
  z.strictObject({ ...base, type: z.literal('metrics.cost'), ...labCostShape }),
  /** The lab changed its own sampling period (lowered when busy, back when calm). */
  z.strictObject({ ...base, type: z.literal('lab.sampling'), periodMs: z.number().positive(), configuredMs: z.number().positive(), reason: z.string().nullable() }),
  z.strictObject({ ...base, type: z.literal('worker.starting'), worker: workerDescriptorSchema }),
  z.strictObject({ ...base, type: z.literal('worker.spawned'), workerId: id, pid, ppid: pid }),
  z.strictObject({
    ...base,
    type: z.literal('worker.ready'),
    workerId: id,
    pid,
    ppid: pid,
    tid: z.number().int().nullable(),
    /** From the call that started it to its first message back (for `command`: the 'spawn' event). */
    latencyMs: z.number().nonnegative(),
  }),
  z.strictObject({ ...base, type: z.literal('worker.startFailed'), workerId: id, reason: z.string() }),
  z.strictObject({
    ...base,
    type: z.literal('worker.exited'),
    workerId: id,
    code: z.number().int().nullable(),
    signal: z.string().nullable(),
    /** The seeds' convention: 0 ok, > 0 error, -N killed by signal N. */
    exitCode: z.number().int(),
    /** Why it ended, in words: an uncaught error's message, "terminated", "killed by SIGKILL". */
    detail: z.string().nullable(),
  }),
  /** A worker sent a message that failed validation; it was dropped and the host carried on. */
  z.strictObject({ ...base, type: z.literal('worker.messageRejected'), workerId: id, reason: z.string() }),
  /** An ended worker closed (Process.close()): the lab keeps nothing of it but the log. */
  z.strictObject({ ...base, type: z.literal('worker.closed'), workerId: id, name: z.string() }),
  z.strictObject({ ...base, type: z.literal('worker.stdio'), workerId: id, stdoutBytes: z.number(), stderrBytes: z.number() }),
  /**
   * What a worker printed: bytes [from, to) of one stream (the lab's own `@lab:` lines left out), as safe
   * text (terminal escapes removed, control bytes drawn as symbols). A gap before `from` is output the lab
   * skipped because the worker printed faster than it is shown (src/core/output).
   */
  z.strictObject({
    ...base,
    type: z.literal('worker.output'),
    workerId: id,
    stream: z.enum(OUTPUT_STREAMS),
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
    text: z.string().max(OUTPUT_CHUNK_MAX_CHARS),
  }),
  z.strictObject({ ...base, type: z.literal('join.started'), workerId: id, timeoutMs: z.number().nullable() }),
  z.strictObject({ ...base, type: z.literal('join.finished'), workerId: id, waitedMs: z.number() }),
  z.strictObject({ ...base, type: z.literal('join.timedOut'), workerId: id, timeoutMs: z.number() }),
  /** A worker's own join of another worker (a Python thread in Thread.join or Process.join: joins.ts), and its end. */
  z.strictObject({ ...base, type: z.literal('join.waiting'), ...joinWaitingShape }),
  z.strictObject({ ...base, type: z.literal('join.returned'), ...joinReturnedShape }),
  z.strictObject({
    ...base,
    type: z.literal('terminate.sent'),
    workerId: id,
    /** 'terminate()' for a thread, a signal name for a process. */
    how: z.string(),
    graceMs: z.number().nullable(),
  }),
  z.strictObject({ ...base, type: z.literal('terminate.escalated'), workerId: id, afterMs: z.number() }),
  z.strictObject({ ...base, type: z.literal('signal.sent'), workerId: id, signal: z.string(), pids: z.array(pid) }),
  /** The lab signalled a process of its tree that is not a worker (process.signal, process.terminate). */
  z.strictObject({
    ...base,
    type: z.literal('process.signalled'),
    pid,
    start: z.number(),
    name: z.string(),
    signal: z.string(),
    /** SIGKILL sent because the process outlived a terminate's grace period. */
    escalated: z.boolean(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('process.reparented'),
    pid,
    start: z.number(),
    name: z.string(),
    fromPpid: pid,
    toPpid: pid,
  }),
  /**
   * A Python process said hello (docs/python-wire.md): the worker it is (the one the lab started, or an
   * observed one announced just before with worker.starting), its role, start method and version.
   */
  z.strictObject({
    ...base,
    type: z.literal('python.process'),
    workerId: id,
    pid,
    role: z.enum(PY_ROLES),
    startMethod: z.enum(PY_START_METHODS).nullable(),
    version: z.string().max(64),
  }),
  /**
   * A multiprocessing child's start latency (docs/python.md, "fork vs spawn vs forkserver"): from its parent's
   * Process.start() call to its hello, both read on `clock`; `parentThreads`, the threads its parent ran then
   * (more than one with fork: the fork-of-a-multi-threaded-process hazard).
   */
  z.strictObject({
    ...base,
    type: z.literal('python.started'),
    workerId: id,
    pid,
    startMethod: z.enum(PY_START_METHODS),
    latencyMs: z.number().nonnegative().max(600_000),
    clock: z.enum(['monotonic', 'wall']),
    parentThreads: z.number().int().nonnegative().max(2 ** 31 - 1),
  }),
  /**
   * A Python connection the lab closed, with why (a wrong token, a bad line, a flood): that process is shown
   * "unobserved" from then on; the program itself is never touched. `workerId` and `pid` when it said hello.
   */
  z.strictObject({ ...base, type: z.literal('python.unobserved'), workerId: id.nullable(), pid: pid.nullable(), reason: z.string().max(500) }),
  /**
   * A Python program went past one of the lab's bounds on what it shows (docs/python-wire.md, resources/python
   * README "Hostile programs"): the rest is counted, not shown; the process stays observed and runs on.
   */
  z.strictObject({ ...base, type: z.literal('python.limited'), workerId: id.nullable(), reason: z.string().max(500) }),
  z.strictObject({
    ...base,
    type: z.literal('sync.created'),
    primitive: createPrimitiveSchema,
    /** 'observed': a Python program's primitive, whose state arrives as facts alone (absent: the lab's own). */
    origin: z.literal('observed').optional(),
    /** Where a Python program made it: "deadlock.py:4". */
    where: z.string().max(300).optional(),
    /** How many first items a List was created with: the items themselves are not recorded (its spec's `items` is empty). */
    firstItems: z.number().int().positive().optional(),
  }),
  /**
   * The lab acted on a primitive from the UI: what it did and what came of it, in words ("put 7 into lifo
   * (depth 4)"; see describe-operation.ts).
   */
  z.strictObject({ ...base, type: z.literal('sync.operated'), name: z.string(), op: z.string(), outcome: z.string() }),
  /** Primitives deleted by the lab: `name` and those that went with it (its own `name.lock`). */
  z.strictObject({ ...base, type: z.literal('sync.deleted'), name: z.string(), removed: z.array(z.string()) }),
  /** A Timer's interval ran out: it set its Event. */
  z.strictObject({ ...base, type: z.literal('sync.timerFired'), name: z.string(), event: z.string() }),
  /**
   * A worker's put, set or append was refused with MemoryError: the lab's memory budget for queues, dicts
   * and lists (`limit` bytes of JSON) was full. `held`: what the primitive held then; `used`: all of them.
   * Told at most once per worker and primitive every few seconds, however often it retries.
   */
  z.strictObject({
    ...base,
    type: z.literal('sync.memoryRefused'),
    primitive: z.string(),
    workerId: z.string(),
    bytes: z.number(),
    held: z.number(),
    used: z.number(),
    limit: z.number(),
  }),
  /** A worker died holding a primitive; the next acquirer is told (robust-mutex policy). */
  z.strictObject({ ...base, type: z.literal('sync.ownerDied'), primitive: z.string(), workerId: id }),
  /**
   * A thread's fast-path ops over the recording rate (fast-path-ring.ts): counted, not kept. `ops` since the
   * last such event for that thread, `total` so far; the recording has a gap of that many ops.
   */
  z.strictObject({ ...base, type: z.literal('sync.fastPathCounted'), workerId: id, ops: z.number().int().positive(), total: z.number().int().positive() }),
  /** Step mode turned on (a new schedule starts) or off ("Run freely"). */
  z.strictObject({ ...base, type: z.literal('step.mode'), ...stepEventShapes['step.mode'] }),
  /** A worker reached a synchronisation point in step mode: held by the person, before the operation takes effect. */
  z.strictObject({ ...base, type: z.literal('step.held'), ...stepEventShapes['step.held'] }),
  /** A held operation let through: by the person's choice, a replay's, or "Run freely" (not a choice). */
  z.strictObject({ ...base, type: z.literal('step.released'), ...stepEventShapes['step.released'] }),
  /** A replay of a schedule ("Again with this schedule") as it stands. */
  z.strictObject({ ...base, type: z.literal('step.replay'), ...stepEventShapes['step.replay'] }),
  z.strictObject({ ...base, type: z.literal('deadlock.detected'), cycle: z.array(cycleStepSchema).min(1) }),
  z.strictObject({ ...base, type: z.literal('deadlock.cleared') }),
  /**
   * Sync facts in the order they happened (facts.ts): one per operation's outcome, batched per turn of the
   * host's loop. Recorded hot (not as a lab event); a new page gets those after the recorder's latest keyframe.
   */
  z.strictObject({ ...base, type: z.literal('sync.facts'), facts: syncFactsSchema }),
  /**
   * A Value, Array, Dict or List was written: what it holds now, as Python's repr cut to 200 characters
   * with "…" (data-facts.ts). The cold fact beside the write's hot one; only when the contents changed.
   */
  z.strictObject({ ...base, type: z.literal('sync.write'), ...writeFactShape }),
  /** A dict's key was read (a Python Manager dict's `d[k]`, `d.get(k)`): its repr and the value's (data-facts.ts). */
  z.strictObject({ ...base, type: z.literal('sync.read'), ...readFactShape }),
  /** What primitives hold of the memory budget now, for those whose share changed (at most once per lock-table period). */
  z.strictObject({ ...base, type: z.literal('sync.held'), ...heldFactShape }),
  z.strictObject({ ...base, type: z.literal('metrics.cpu'), ...cpuSampleSchema.shape }),
  z.strictObject({ ...base, type: z.literal('metrics.processes'), processes: z.array(processSampleSchema) }),
  /** The threads-vs-processes comparison as it stands (lessons.ts): at each of its steps and samples. */
  z.strictObject({ ...base, type: z.literal('lesson.comparison'), comparison: comparisonSchema }),
  /** The fork vs spawn vs forkserver lesson as it stands (start-lesson.ts): at each of its steps. */
  z.strictObject({ ...base, type: z.literal('lesson.startMethods'), lesson: startLessonSchema }),
  /** The scenarios the lab read (the library and the user's folder), and the files it could not use, with why. */
  z.strictObject({ ...base, type: z.literal('scenario.library'), ...scenarioEventShapes.library }),
  /** Where one scenario stands: its step, its run, its check's live verdict (scenario-run.ts). */
  z.strictObject({ ...base, type: z.literal('scenario.progress'), ...scenarioEventShapes.progress }),
  /** Pools (pools.ts): created, state, a slot's worker, a turn's batch of task steps, deleted. */
  ...poolEventSchemas.map((schema) => schema.extend(base)),
]);
export type LabEvent = z.infer<typeof labEventSchema>;
export type LabEventType = LabEvent['type'];
/** An event before the core stamps it with its sequence number and time. */
export type LabEventBody = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, 'seq' | 't'> : never) : never;

// ---- messages on the wire ----------------------------------------------------------------------

export const clientMessageSchema = z.strictObject({
  type: z.literal('command'),
  id: z.string().min(1).max(64),
  command: z.unknown(),
});
export type ClientMessage = { type: 'command'; id: string; command: CommandToSend };

export const replySchema = z.discriminatedUnion('ok', [
  z.strictObject({ type: z.literal('reply'), id: z.string(), ok: z.literal(true), result: commandResultSchema }),
  z.strictObject({ type: z.literal('reply'), id: z.string(), ok: z.literal(false), error: z.string() }),
]);
export type Reply = z.infer<typeof replySchema>;

export const serverMessageSchema = z.union([
  z.strictObject({ type: z.literal('events'), events: z.array(labEventSchema) }),
  replySchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** The outcome of a command as a renderer sees it, whichever transport carried it. */
export type CommandOutcome = { ok: true; result: CommandResult } | { ok: false; error: string };

/**
 * Turns a zod failure into one sentence a person can act on: "spec.count: count must be at least 1". Keys
 * in the path and zod's own messages (which list unknown keys) come from the sender, so each is cut short
 * and kept on one line.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      // A leading "command" is the envelope's key; a command line's own "command" field keeps its name.
      const where = issue.path
        .filter((part, index) => !(index === 0 && part === 'command'))
        .slice(0, 8)
        .map((part) => (typeof part === 'string' ? part.slice(0, 40) : String(part)))
        .join('.');
      const message = issue.message.length > 200 ? `${issue.message.slice(0, 199)}…` : issue.message;
      return oneLine(where ? `${where}: ${message}` : message);
    })
    .join('; ');
}

/** A sender's key may hold a newline or a terminal escape; the sentence shows them escaped. */
const oneLine = (text: string) => Array.from(text, (character) => (character < ' ' || character === '\u007f' ? JSON.stringify(character).slice(1, -1) : character)).join('');

export type ParsedCommand = { ok: true; command: LabCommand } | { ok: false; error: string };

export function parseCommand(input: unknown): ParsedCommand {
  // The hot command first, by hand (pool-apply-check.ts: the schema's answer, without its cost); else the schema.
  const apply = checkPoolApplyAtAGlance(input);
  if (apply !== null) return { ok: true, command: apply };
  const parsed = commandSchema.safeParse(input);
  return parsed.success ? { ok: true, command: parsed.data } : { ok: false, error: `bad command: ${describeIssues(parsed.error)}` };
}
