/**
 * A shared queue's op log (docs/sync.md, "Recording"): the part of a queue's ring (queue-ring.ts) where a
 * thread writes each put, get and task_done it does on the ring, inside the queue's section, so that the
 * log holds every thread's ops on this queue in the one order they happened. The host drains it inside the
 * section too, before any operation of its own on the queue, so the facts come out in the queue's true
 * order whoever did what (fold equivalence) with no sequence numbers to merge.
 *
 * An entry is 16 bytes: an Int32 word (op << OP_SHIFT | the thread's worker index), an Int32 argument (the
 * depth after a put or get, the unfinished tasks after a task_done), and a Float64 time (the thread's epoch
 * ms). The log's tail (LOG_TAIL, entries written for ever) is one of the ring's journalled fields, so an op
 * and its entry commit together, even for a thread killed inside the section; its head (LOG_HEAD) is the
 * host's. A full log sends the thread's op to the broker, which drains the log first.
 */

export const LOG_PUT = 1;
export const LOG_GET = 2;
export const LOG_TASK_DONE = 3;
export type LogOp = typeof LOG_PUT | typeof LOG_GET | typeof LOG_TASK_DONE;

const OP_SHIFT = 28;
const INDEX_MASK = (1 << OP_SHIFT) - 1;

/** 4,096 entries (64 KiB, as the items): a few milliseconds of two threads' hot loop; a full log sends the next op to the broker, which drains it. */
export const LOG_ENTRIES = 1 << 12;
const LOG_MASK = LOG_ENTRIES - 1;
export const LOG_BYTES = LOG_ENTRIES * 16;

/** One drained entry, as the host reads it (the visitor's arguments). */
export type LogVisitor = (op: LogOp, index: number, arg: number, t: number) => void;

export class QueueLog {
  private readonly ints: Int32Array;
  private readonly times: Float64Array;

  /** `offset`: where the log starts in the ring's buffer (a multiple of 8). */
  constructor(buffer: SharedArrayBuffer, offset: number) {
    this.ints = new Int32Array(buffer, offset, LOG_ENTRIES * 4);
    this.times = new Float64Array(buffer, offset, LOG_ENTRIES * 2);
  }

  /** Inside the section: whether an entry fits after `tail` (entries written) with the host at `head`. */
  static hasRoom(head: number, tail: number): boolean {
    return ((tail - head) | 0) < LOG_ENTRIES;
  }

  /** Inside, with room: writes the entry at `tail`; the caller commits tail + 1 with its op. */
  write(tail: number, op: LogOp, index: number, arg: number, t: number): void {
    const at = tail & LOG_MASK;
    this.ints[at * 4] = (op << OP_SHIFT) | (index & INDEX_MASK);
    this.ints[at * 4 + 1] = arg;
    this.times[at * 2 + 1] = t;
  }

  /**
   * Inside (the host): visits entries [head, tail) in order; returns how many. A span no log can hold (a
   * tail a careless or hostile thread wrote over) is read as nothing: the host's loop stays bounded.
   */
  read(head: number, tail: number, visit: LogVisitor): number {
    const count = (tail - head) | 0;
    if (count < 0 || count > LOG_ENTRIES) return 0;
    for (let position = head; position !== tail; position = (position + 1) | 0) {
      const at = position & LOG_MASK;
      const word = this.ints[at * 4]!;
      const op = word >>> OP_SHIFT;
      // Only a thread writes entries and only these ops: anything else is a ring another wrote over, skipped.
      if (op === LOG_PUT || op === LOG_GET || op === LOG_TASK_DONE) visit(op, word & INDEX_MASK, this.ints[at * 4 + 1]!, this.times[at * 2 + 1]!);
    }
    return count;
  }
}

/** The time a thread stamps on its entries: epoch ms, as the host's clock (performance.now costs ~40 ns here). */
export const logTime = (): number => performance.timeOrigin + performance.now();
