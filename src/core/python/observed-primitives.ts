import { createPrimitiveSchema, type CreatePrimitive } from '../../shared/sync';
import { describeIssues } from '../../shared/protocol';
import type { PythonPrimitiveKind, PythonPrimitiveParams } from '../../shared/python-wire';
import { TYPECODES } from '../../shared/ctypes';

/**
 * A Python program's primitive as the lab's views know primitives (sync.ts's creation specs), from a
 * `prim.new` fact: its kind, its parameters with Python's defaults, and a name of the lab's. Python's
 * parameters may go past what the lab's own primitives allow (a Barrier of 1,000 parties); those are
 * carried at the lab's bound (parties 256, a semaphore's value and a queue's maxsize 1,000,000), a
 * deliberate difference: only what the views draw is bounded, the program itself is untouched.
 */

/** The longest label kept of a variable's name, so that a suffix still fits the lab's 40 characters. */
const LABEL_MAX = 32;

/** The variable's name, made a lab name: a letter or _ first, then letters, digits, _ . or - (else the kind and id). */
export function labelOf(label: string, kind: PythonPrimitiveKind, id: number): string {
  const cleaned = label.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, LABEL_MAX);
  if (/^[A-Za-z_]/.test(cleaned) && cleaned !== '__proto__') return cleaned;
  return `${kind}-${id}`.slice(0, LABEL_MAX);
}

/** `label`, or `label.2`, `label.3`... : the first that `taken` does not hold (few alike: a Pool's name). */
export function freeName(label: string, taken: (name: string) => boolean): string {
  if (!taken(label)) return label;
  for (let n = 2; ; n++) {
    const name = `${label}.${n}`;
    if (!taken(name)) return name;
  }
}

/**
 * `label`, or `label.2`, `label.3`... : the first that `taken` does not hold. Each label's next suffix is
 * remembered, so that naming n primitives of one label (`kept = [Lock() for _ in range(8000)]`) costs about
 * n probes, not n²/2 (a later name skips suffixes freed since: names need only be unique).
 */
export class FreeNames {
  private readonly next = new Map<string, number>();

  constructor(
    /** Labels remembered at most (then forgotten all at once: the probes stay right, only slower). */
    private readonly remembered = 10_000,
  ) {}

  of(label: string, taken: (name: string) => boolean): string {
    // The label itself first, always: a program run again gets its names again once the old ones are gone.
    if (!taken(label)) return label;
    let n = this.next.get(label) ?? 2;
    while (taken(`${label}.${n}`)) n++;
    if (this.next.size >= this.remembered && !this.next.has(label)) this.next.clear();
    this.next.set(label, n + 1);
    return `${label}.${n}`;
  }
}

const clamp = (value: number | undefined, min: number, max: number, fallback: number): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.trunc(value)));

/**
 * The creation spec of a Python primitive named `name`; `lock` is the lab name of a Condition's own lock
 * (when the shim reported it). A sentence when even the bounded spec is not one the lab can show.
 */
export function observedSpec(kind: PythonPrimitiveKind, name: string, params: PythonPrimitiveParams, lock: string | null): CreatePrimitive | string {
  const raw = rawSpec(kind, name, params, lock);
  const parsed = createPrimitiveSchema.safeParse(raw);
  return parsed.success ? parsed.data : `a ${kind} the lab cannot show: ${describeIssues(parsed.error)}`;
}

function rawSpec(kind: PythonPrimitiveKind, name: string, params: PythonPrimitiveParams, lock: string | null): unknown {
  switch (kind) {
    case 'Lock':
    case 'RLock':
    case 'Event':
    case 'Dict':
      return { kind, name };
    case 'List':
      return { kind, name, items: [] };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { kind, name, value: clamp(params.value, 0, 1_000_000, 1) };
    case 'Condition':
      return lock === null ? { kind, name } : { kind, name, lock };
    case 'Barrier':
      return { kind, name, parties: clamp(params.parties, 1, 256, 1) };
    case 'Timer':
      // threading.Timer's `finished` is the Event it waits on; the lab's Timer names the Event it sets.
      return { kind, name, interval: Math.min(86_400, Math.max(0, Number.isFinite(params.interval) ? params.interval! : 0)), event: `${name.slice(0, 30)}.finished` };
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { kind, name, maxsize: clamp(params.maxsize, 0, 1_000_000, 0) };
    case 'SimpleQueue':
      // An unbounded FIFO with no task_done: a Queue of maxsize 0, as the views draw it.
      return { kind: 'Queue', name, maxsize: 0 };
    case 'Pipe':
      return { kind, name, duplex: params.duplex ?? true };
    case 'Value':
      return { kind, name, typecode: typecodeOf(params.typecode, 'd'), lock: false };
    case 'Array':
      return { kind, name, typecode: typecodeOf(params.typecode, 'i'), length: clamp(params.length, 0, 10_000, 0), lock: false };
  }
}

const typecodeOf = (given: string | undefined, fallback: string): string => ((TYPECODES as readonly string[]).includes(given ?? '') ? given! : fallback);
