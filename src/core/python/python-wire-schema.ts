import { z } from 'zod';
import { SYNC_FACT_OPS } from '../../shared/facts';
import { CONTENTS_MAX_CHARS, KEY_REPR_MAX_CHARS } from '../../shared/data-facts';
import { DATA_KEY_HOWS } from './observed-dicts';
import { JOIN_OUTCOMES, JOIN_TARGETS } from '../../shared/joins';
import { POOL_STATES } from '../../shared/pools';
import { TASK_STEPS } from '../../shared/task-steps';
import { exceedsMessageLimits, type MessageLimits } from '../../shared/message-limits';
import { describeIssues } from '../../shared/protocol';
import {
  PY_FACTS_PER_BATCH,
  PY_LINE_MAX,
  PY_POOL_APIS,
  PY_PRIMITIVE_KINDS,
  PY_ROLES,
  PY_START_METHODS,
  PY_STEP_OPS,
  PY_WIRE_VERSION,
  type PythonFact,
  type PythonFacts,
  type PythonHello,
} from '../../shared/python-wire';

/**
 * Every line a Python program's shim sends, checked at bounded cost before anything of it is used
 * (docs/python-wire.md): first the walk of message-limits.ts (depth, values, text), then these schemas. A
 * fact is checked by the schema its name picks (a lookup, not a union tried member by member), so a batch
 * of 4096 costs 4096 small checks, and a refusal names the fact that failed.
 */

/** A batch is an object, its list, a fact, and a fact's params or tid list: nothing deeper. */
export const PY_LINE_LIMITS: MessageLimits = { maxDepth: 4, maxValues: PY_FACTS_PER_BATCH * 24, maxTextLength: PY_LINE_MAX };

/** Wall-clock ms: finite, after 2001 and before 2286 (a time outside that is not a clock's). */
const time = z.number().min(1e12).max(1e13);
const int32 = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const whole = (max: number) => z.number().int().min(0).max(max);
/** Linux pids and task ids fit in 22 bits; macOS thread ids are 64-bit, carried as far as a double is exact. */
const tid = whole(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
/** time.monotonic() in ms: from boot, so at least 0 and below a century of uptime. */
const monotonic = z.number().min(0).max(3.2e12);

export const pythonHelloSchema = z.strictObject({
  type: z.literal('hello'),
  v: z.literal(PY_WIRE_VERSION, { error: `the wire's version must be ${PY_WIRE_VERSION}` }),
  token: z.string().max(64),
  pid: whole(2 ** 31 - 1).min(1),
  ppid: whole(2 ** 31 - 1),
  t: time,
  executable: text(4096),
  version: text(64),
  argv: z.array(text(4096)).max(1000),
  role: z.enum(PY_ROLES),
  startMethod: z.enum(PY_START_METHODS).nullable(),
  name: text(200),
  mono: monotonic.optional(),
  /** A multiprocessing Process's daemon flag (absent from a shim that predates it: false). */
  daemon: z.boolean().optional(),
});

const paramsSchema = z.strictObject({
  maxsize: int32.optional(),
  value: z.number().min(-1e300).max(1e300).optional(),
  parties: int32.optional(),
  interval: z.number().min(-1e300).max(1e300).optional(),
  typecode: text(8).optional(),
  length: int32.optional(),
  duplex: z.boolean().optional(),
  lock: whole(2 ** 31 - 1).optional(),
  shared: text(200).optional(),
  remote: z.boolean().optional(),
});

const primitiveId = whole(2 ** 31 - 1);
const opSchema = z.tuple([z.enum(SYNC_FACT_OPS), time, tid, primitiveId, int32]);

const FACT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'thread.start': z.tuple([z.literal('thread.start'), time, tid, tid, text(200), z.boolean()]),
  'thread.end': z.tuple([z.literal('thread.end'), time, tid]),
  'process.name': z.tuple([z.literal('process.name'), time, text(200)]),
  'process.exit': z.tuple([z.literal('process.exit'), time, int32, z.array(tid).max(PY_FACTS_PER_BATCH)]),
  'process.reaped': z.tuple([z.literal('process.reaped'), time, whole(2 ** 31 - 1), int32]),
  'process.started': z.tuple([z.literal('process.started'), time, whole(2 ** 31 - 1).min(1), z.enum(PY_START_METHODS), monotonic, whole(2 ** 31 - 1)]),
  'prim.new': z.tuple([z.literal('prim.new'), time, primitiveId, z.enum(PY_PRIMITIVE_KINDS), text(200), text(1000), whole(2 ** 31 - 1), paramsSchema]),
  // A pool's facts (docs/python-wire.md, "Pools and their tasks"); python-pools.ts bounds what it keeps of them.
  'pool.new': z.tuple([z.literal('pool.new'), time, primitiveId, z.enum(PY_POOL_APIS), text(200), text(1000), whole(2 ** 31 - 1), whole(2 ** 31 - 1).min(1), whole(2 ** 31 - 1).min(1).nullable()]),
  'pool.worker': z.tuple([z.literal('pool.worker'), time, primitiveId, whole(2 ** 31 - 1).min(1), whole(2 ** 31 - 1).min(1), tid.nullable()]),
  'task.step': z.tuple([
    z.literal('task.step'),
    time,
    primitiveId,
    whole(Number.MAX_SAFE_INTEGER).min(1),
    z.enum(TASK_STEPS),
    whole(2 ** 31 - 1).min(1).nullable(),
    text(200).nullable(),
    z.tuple([whole(Number.MAX_SAFE_INTEGER).min(1), whole(Number.MAX_SAFE_INTEGER), whole(Number.MAX_SAFE_INTEGER).min(1), z.boolean()]).nullable(),
  ]),
  'task.run': z.tuple([z.literal('task.run'), time, whole(Number.MAX_SAFE_INTEGER).min(1), whole(Number.MAX_SAFE_INTEGER)]),
  'pool.state': z.tuple([z.literal('pool.state'), time, primitiveId, z.enum(POOL_STATES), text(2000).nullable()]),
  // What a shared Value or Array holds after its writes (multiprocessing_shared.py): the data facts' bound.
  'prim.contents': z.tuple([z.literal('prim.contents'), time, tid, primitiveId, text(CONTENTS_MAX_CHARS)]),
  // A Manager dict's read or write of one key (multiprocessing_managers.py), folded by observed-dicts.ts.
  'data.key': z.tuple([z.literal('data.key'), time, tid, primitiveId, z.enum(DATA_KEY_HOWS), text(KEY_REPR_MAX_CHARS), text(KEY_REPR_MAX_CHARS)]),
  // A thread's join of a thread (its native id) or a child process (its pid): joins.py, python-joins.ts.
  'join.wait': z.tuple([z.literal('join.wait'), time, tid, z.enum(JOIN_TARGETS), tid, int32.min(-1)]),
  'join.end': z.tuple([z.literal('join.end'), time, tid, z.enum(JOIN_TARGETS), tid, z.enum(JOIN_OUTCOMES)]),
  // A thread held in step mode before an operation (stepping.py, python-stepping.ts).
  'step.held': z.tuple([z.literal('step.held'), time, tid, primitiveId, z.enum(PY_STEP_OPS)]),
  'step.left': z.tuple([z.literal('step.left'), time, tid]),
  ...Object.fromEntries(SYNC_FACT_OPS.map((op) => [op, opSchema])),
};

export type PythonLine = { ok: true; value: PythonHello | PythonFacts } | { ok: false; reason: string };

/** One line, the hello or a batch (`hello`: whether this connection has said hello yet). */
export function parsePythonLine(line: string, helloSeen: boolean): PythonLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'a line that is not JSON' };
  }
  const tooBig = exceedsMessageLimits(value, PY_LINE_LIMITS);
  if (tooBig !== null) return { ok: false, reason: tooBig };
  if (!helloSeen) {
    const hello = pythonHelloSchema.safeParse(value);
    return hello.success ? { ok: true, value: hello.data as PythonHello } : { ok: false, reason: `a bad hello: ${describeIssues(hello.error)}` };
  }
  return parseFacts(value);
}

function parseFacts(value: unknown): PythonLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'a line that is not a facts batch' };
  const batch = value as Record<string, unknown>;
  const keys = Object.keys(batch);
  if (batch.type !== 'facts' || !Array.isArray(batch.facts) || keys.length !== 2) return { ok: false, reason: 'a line that is not a facts batch: {"type":"facts","facts":[...]}' };
  const facts = batch.facts as unknown[];
  if (facts.length > PY_FACTS_PER_BATCH) return { ok: false, reason: `a batch of ${facts.length} facts (at most ${PY_FACTS_PER_BATCH})` };
  for (let index = 0; index < facts.length; index++) {
    const fact = facts[index];
    const name = Array.isArray(fact) ? fact[0] : undefined;
    const schema = typeof name === 'string' && Object.hasOwn(FACT_SCHEMAS, name) ? FACT_SCHEMAS[name]! : null;
    if (schema === null) return { ok: false, reason: `fact ${index}: ${typeof name === 'string' ? `unknown fact "${name.slice(0, 40)}"` : 'a fact is a list that starts with its name'}` };
    const checked = schema.safeParse(fact);
    if (!checked.success) return { ok: false, reason: `fact ${index} (${name}): ${describeIssues(checked.error)}` };
  }
  return { ok: true, value: { type: 'facts', facts: facts as PythonFact[] } };
}
