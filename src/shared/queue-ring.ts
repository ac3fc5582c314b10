import { LOG_BYTES, LOG_GET, LOG_PUT, LOG_TASK_DONE, logTime, QueueLog, type LogOp, type LogVisitor } from './queue-log';
import { encodeItem, LENGTH_MASK, padded, readUnits, TAG_JSON, TAG_NULL, TAG_NUMBER, TAG_SHIFT, TAG_TEXT, TAG_TRUE, type Encoded } from './queue-record';
import type { StructuredValue } from './structured-value';

/**
 * The shared state of a FIFO Queue or JoinableQueue (docs/sync.md, "The shared queue ring"): its items, in
 * order, as a byte ring in a SharedArrayBuffer that the host owns, with the counts beside them, so that the
 * host's broker and a thread that attached it work on one queue.
 *
 * Layout: a header of HEADER_INTS Int32s, then DATA_BYTES of records, then the op log (queue-log.ts).
 * - LOCK: 0 when nobody is inside the queue's short section; otherwise the holder's index (a worker's small
 *   integer, or HOST for the broker). Every change of the ring is made inside the section.
 * - FLAGS: what closes the fast path (the broker's waiters, items kept outside the ring, shutdown, deleted).
 *   A thread works on the ring only while FLAGS is 0, read inside the section; the broker sets it there too.
 * - MAXSIZE (0: unbounded), HEAD and TAIL (byte offsets of the first record and after the last), COUNT
 *   (items), UNFINISHED (tasks not yet done), USED (bytes in records), PUTS and GETS (for ever).
 * - LOG_TAIL and LOG_HEAD: the op log's ends (a thread's put, get and task_done write an entry there).
 * - A journal: the eight fields from HEAD to LOG_TAIL as an operation leaves them, and JOURNAL set while they are
 *   being applied. A thread can be killed at any moment, even inside the section: the host then applies a
 *   journal that is set (the operation happened, whole) or leaves the fields as they are (it did not; the
 *   bytes it may have written lie outside the records), and frees the section (`recover`). So an item is
 *   never lost, doubled or reordered by a death.
 *
 * A record: a 4-byte word (tag << 24 | payload bytes) at a 4-byte aligned offset, then its payload, padded
 * to 4 bytes; the payload may wrap round the end. Numbers are their Float64 bytes, text its UTF-16 code
 * units (exact, lone surrogates too), None/True/False the tag alone; anything else the item's JSON as text.
 */

export const LOCK = 0;
export const FLAGS = 1;
export const MAXSIZE = 2;
export const HEAD = 3;
export const TAIL = 4;
export const COUNT = 5;
export const UNFINISHED = 6;
export const USED = 7;
export const PUTS = 8;
export const GETS = 9;
/** The op log's tail (queue-log.ts): entries written, for ever (int32, wrapping); journalled with the op. */
export const LOG_TAIL = 10;
export const JOURNAL = 11;
/** The journal's copy of HEAD .. LOG_TAIL. */
const JOURNAL_BASE = 12;
const FIELDS = LOG_TAIL - HEAD + 1;
/** Threads asleep waiting for an item (GETTERS_ASLEEP) or for room (PUTTERS_ASLEEP): see `sleepAsync`. */
export const GETTERS_ASLEEP = JOURNAL_BASE + FIELDS;
export const PUTTERS_ASLEEP = GETTERS_ASLEEP + 1;
/** The op log's head: entries the host has drained (written by the host, inside the section). */
export const LOG_HEAD = PUTTERS_ASLEEP + 1;
/**
 * 1 once the ring's sleepers have been notified and none has gone to sleep since (each clears it as it goes
 * to sleep): a notified sleeper stays counted asleep until its own event loop runs (tens of µs when woken
 * across CPUs), and without this every op of its peer in that time would notify again (about half of a
 * Queue(100) pair's ops did: 50,000 notifies per 100,000 items, measured).
 */
export const NOTIFIED = LOG_HEAD + 1;
/**
 * When a thread's put (PUTTER_ACTIVE) or get / task_done (GETTER_ACTIVE) last touched the ring, or a thread of
 * that side last began a short blocking wait on it (`sleepSync`): its epoch µs as an int32 (wrapping, 0:
 * never). A waiter blocks its thread for a moment only while its peer is on the ring (`peerActive`).
 */
export const PUTTER_ACTIVE = NOTIFIED + 1;
export const GETTER_ACTIVE = PUTTER_ACTIVE + 1;
/** Even, so the op log after the data starts on 8 bytes. */
export const HEADER_INTS = GETTER_ACTIVE + 1;

/** FLAGS: the broker has putters, getters or joiners waiting: every operation must go to it. */
export const FLAG_WAITERS = 1;
/** FLAGS: items too big for the ring are queued in the host after the ring's items: puts must go there too. */
export const FLAG_OVERFLOW = 2;
/** FLAGS: shut down (puts raise, gets once empty): the broker answers. */
export const FLAG_SHUTDOWN = 4;
/** FLAGS: the queue was deleted (its name may already be another's): ask the host again. */
export const FLAG_RETIRED = 8;

/** A sleeping peer is woken once this many items (or free places) are ready for it: see `wakeDue`. */
export const WAKE_BATCH = 32;

/** The broker's index in LOCK: never a worker's (those are positive). */
export const HOST = -1;

/** 64 KiB of records: a few thousand small items; more wait in the host (FLAG_OVERFLOW). */
export const DATA_BYTES = 64 * 1024;
const LOG_OFFSET = HEADER_INTS * Int32Array.BYTES_PER_ELEMENT + DATA_BYTES;
export const QUEUE_RING_BYTES = LOG_OFFSET + LOG_BYTES;
/** The largest record a thread writes itself (a text of up to 2,046 characters); larger items go to the broker. */
export const MAX_FAST_RECORD = 4096;
/** The largest record the broker puts in the ring; larger ones wait in the host (a quarter of the ring). */
export const MAX_RING_RECORD = DATA_BYTES / 4;

/** A side is on the ring (`peerActive`) if it stamped its word within this many µs: twice a blocking wait's bound (queue-wait.ts). */
export const ACTIVE_WINDOW_US = 2_000;

/** An epoch time in ms (queue-log's `logTime`) as an activity stamp: µs, wrapping as an int32 (about 71 minutes round). */
export const activeStamp = (epochMs: number): number => Math.round(epochMs * 1000) | 0;

/** How much longer than its wait a sleeping thread's event loop is kept alive (see `sleepAsync`). */
const KEEP_ALIVE_MS = 60_000;

/** Atomics.waitAsync (V8, Node 16 and later): not in ES2023's lib, so typed here (lock cells wait with it too). */
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
export const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** What the host gives a thread that attaches a Queue: the ring and the thread's index for LOCK. */
export interface QueueAttachment {
  readonly ring: SharedArrayBuffer;
  readonly index: number;
}

/** One queue's ring, as either side uses it. Methods marked "inside" need the section held. */
export class QueueRing {
  readonly header: Int32Array;
  private readonly data: Uint8Array;
  private readonly words: Int32Array;
  private readonly scratch = new Float64Array(1);
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);
  private readonly encoded: Encoded = { tag: 0, text: '', number: 0 };
  private readonly log: QueueLog;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    const offset = HEADER_INTS * Int32Array.BYTES_PER_ELEMENT;
    this.data = new Uint8Array(buffer, offset, DATA_BYTES);
    this.words = new Int32Array(buffer, offset, DATA_BYTES / 4);
    this.log = new QueueLog(buffer, LOG_OFFSET);
  }

  static create(maxsize: number): QueueRing {
    const ring = new QueueRing(new SharedArrayBuffer(QUEUE_RING_BYTES));
    // A maxsize beyond int32 is unbounded in practice: the ring holds far fewer items.
    ring.header[MAXSIZE] = Math.min(maxsize, 0x7fffffff);
    return ring;
  }

  /** Enters the section as `me`, trying `spins` times; false when another stays inside. */
  enter(me: number, spins: number): boolean {
    const header = this.header;
    for (let tries = 0; tries <= spins; tries++) {
      if (Atomics.load(header, LOCK) === 0 && Atomics.compareExchange(header, LOCK, 0, me) === 0) return true;
    }
    return false;
  }

  leave(): void {
    Atomics.store(this.header, LOCK, 0);
  }

  /** Who is inside the section (0: nobody). */
  get holder(): number {
    return Atomics.load(this.header, LOCK);
  }

  get flags(): number {
    return Atomics.load(this.header, FLAGS);
  }

  /** Inside (or for a look): the items in the ring. */
  get count(): number {
    return Atomics.load(this.header, COUNT);
  }

  get unfinished(): number {
    return Atomics.load(this.header, UNFINISHED);
  }

  /** Bytes of the records in the ring. */
  get used(): number {
    return Atomics.load(this.header, USED);
  }

  get puts(): number {
    return Atomics.load(this.header, PUTS);
  }

  get gets(): number {
    return Atomics.load(this.header, GETS);
  }

  /** Inside: full by maxsize (the ring's bytes are a separate question: `put` answers it). */
  get full(): boolean {
    const maxsize = this.header[MAXSIZE]!;
    return maxsize > 0 && this.header[COUNT]! >= maxsize;
  }

  /** Inside (the broker): sets or clears flag bits; sleepers wake to look (a flag sends them to the broker). */
  setFlag(flag: number, on: boolean): void {
    const flags = this.header[FLAGS]!;
    const next = on ? flags | flag : flags & ~flag;
    if (next === flags) return;
    Atomics.store(this.header, FLAGS, next);
    this.wakeNow();
  }

  /**
   * A thread, outside the section: waits until COUNT is no longer `count` (an item came, or room was made),
   * a flag changed, or `ms` passed, without blocking its event loop (Atomics.waitAsync). `getter`: it waits
   * for an item (else for room). It says it sleeps (GETTERS_ASLEEP or PUTTERS_ASLEEP) so that its peer
   * wakes it: not at every op, but once a batch is ready or when the peer yields (`wakeDue`, `wakeNow`).
   */
  async sleepAsync(count: number, ms: number, getter: boolean): Promise<void> {
    const header = this.header;
    const asleep = getter ? GETTERS_ASLEEP : PUTTERS_ASLEEP;
    // A side asleep with its event loop running is off the ring: its peer does not block waiting for it.
    Atomics.store(header, getter ? GETTER_ACTIVE : PUTTER_ACTIVE, 0);
    Atomics.add(header, asleep, 1);
    // After the count, before the look at COUNT: a peer whose op this look misses sees this sleeper and notifies it.
    Atomics.store(header, NOTIFIED, 0);
    try {
      if (Atomics.load(header, FLAGS) !== 0 || Atomics.load(header, COUNT) !== count) return;
      const waited = waitAsync(header, COUNT, count, ms);
      if (!waited.async) return;
      // A pending waitAsync does not keep a Node event loop alive: without this timer a thread whose only
      // work left is this wait would end there, its task unfinished. Far longer than the wait (its timeout
      // may be delivered late on a busy machine), and cleared as soon as the wait is over.
      const alive = setTimeout(() => undefined, ms + KEEP_ALIVE_MS);
      try {
        await waited.value;
      } finally {
        clearTimeout(alive);
      }
    } finally {
      Atomics.sub(header, asleep, 1);
    }
  }

  /**
   * A thread, outside the section: whether a thread of the other side (putters for a `getter`) touched the
   * ring within ACTIVE_WINDOW_US of `nowMs` (epoch ms), so that what this one waits for is likely a few
   * items away. A side that never came, ended or sleeps long is not: a get on a queue nobody feeds never
   * blocks its thread.
   */
  peerActive(getter: boolean, nowMs: number): boolean {
    const stamp = Atomics.load(this.header, getter ? PUTTER_ACTIVE : GETTER_ACTIVE);
    const age = (activeStamp(nowMs) - stamp) | 0;
    return stamp !== 0 && age >= 0 && age < ACTIVE_WINDOW_US;
  }

  /**
   * A thread, outside the section: as `sleepAsync`, but blocking the thread (Atomics.wait) for at most `ms`:
   * woken by the kernel, not through its event loop (docs/sync.md, "A short blocking wait"). It stamps its
   * own side active first: it is on the ring and back within `ms`.
   */
  sleepSync(count: number, ms: number, getter: boolean, nowMs: number): void {
    const header = this.header;
    const asleep = getter ? GETTERS_ASLEEP : PUTTERS_ASLEEP;
    Atomics.store(header, getter ? GETTER_ACTIVE : PUTTER_ACTIVE, activeStamp(nowMs));
    Atomics.add(header, asleep, 1);
    Atomics.store(header, NOTIFIED, 0);
    try {
      if (Atomics.load(header, FLAGS) !== 0 || Atomics.load(header, COUNT) !== count) return;
      Atomics.wait(header, COUNT, count, ms);
    } finally {
      Atomics.sub(header, asleep, 1);
    }
  }

  /**
   * After a thread's own op, outside the section: whether a sleeping peer should be woken now. A getter
   * asleep on an empty ring is woken once WAKE_BATCH items wait (or the ring is full); a putter asleep on a
   * full one once WAKE_BATCH places are free (or the ring is empty). Anything short of that is woken when
   * the thread yields to its event loop or sleeps itself (`wakeNow`): so a wake-up costs a peer's
   * scheduling once per batch, not once per item, and no sleeper waits for ever (a few µs longer at most).
   */
  wakeDue(): boolean {
    const header = this.header;
    const count = Atomics.load(header, COUNT);
    const maxsize = header[MAXSIZE]!;
    if (Atomics.load(header, GETTERS_ASLEEP) > 0 && count > 0 && (count >= WAKE_BATCH || (maxsize > 0 && count >= maxsize))) return true;
    if (Atomics.load(header, PUTTERS_ASLEEP) > 0 && maxsize > 0 && count < maxsize && (maxsize - count >= WAKE_BATCH || count === 0)) return true;
    return false;
  }

  /** Whether any thread sleeps on the ring. */
  get anyAsleep(): boolean {
    return Atomics.load(this.header, GETTERS_ASLEEP) + Atomics.load(this.header, PUTTERS_ASLEEP) > 0;
  }

  /** Wakes every sleeper (each looks again) unless they were notified already and none slept since; true when it notified. */
  wakeNow(): boolean {
    const header = this.header;
    if (Atomics.load(header, GETTERS_ASLEEP) + Atomics.load(header, PUTTERS_ASLEEP) === 0) return false;
    if (Atomics.exchange(header, NOTIFIED, 1) === 1) return false;
    Atomics.notify(header, COUNT);
    return true;
  }

  /** Inside (the broker): sets UNFINISHED (a shutdown's dropped items, or the items it held before the ring). */
  setUnfinished(unfinished: number): void {
    const header = this.header;
    this.commit(header[HEAD]!, header[TAIL]!, header[COUNT]!, unfinished, header[USED]!, header[PUTS]!, header[GETS]!, header[LOG_TAIL]!);
    this.wakeNow();
  }

  /**
   * Inside: appends the item if it is one the ring stores (`json`: anything JSON-able, else only None, bools,
   * finite numbers and text) in a record of at most `maxRecord` bytes and there is room. Does not look at
   * maxsize (the caller does). True when put: COUNT, UNFINISHED and PUTS are one more. `by`: the thread's
   * worker index, whose put is written to the op log (false when the log is full); 0 for the broker.
   */
  put(item: StructuredValue, json: boolean, maxRecord: number, by = 0): boolean {
    const encoded = encodeItem(item, json, this.encoded);
    if (encoded === null) return false;
    const payload = encoded.tag === TAG_NUMBER ? 8 : encoded.tag === TAG_TEXT || encoded.tag === TAG_JSON ? encoded.text.length * 2 : 0;
    const record = 4 + padded(payload);
    const header = this.header;
    const used = header[USED]!;
    if (record > maxRecord || used + record > DATA_BYTES || (by !== 0 && !this.logHasRoom)) return false;
    const tail = header[TAIL]!;
    this.words[tail >> 2] = (encoded.tag << TAG_SHIFT) | payload;
    let at = (tail + 4) % DATA_BYTES;
    if (encoded.tag === TAG_NUMBER) {
      this.scratch[0] = encoded.number;
      at = this.copyIn(this.scratchBytes, at);
    } else if (payload > 0) {
      const text = encoded.text;
      const data = this.data;
      for (let index = 0; index < text.length; index++) {
        const unit = text.charCodeAt(index);
        data[at] = unit & 0xff;
        data[at + 1 === DATA_BYTES ? 0 : at + 1] = unit >> 8;
        at = (at + 2) % DATA_BYTES;
      }
    }
    const count = header[COUNT]! + 1;
    this.commit(header[HEAD]!, (tail + record) % DATA_BYTES, count, header[UNFINISHED]! + 1, used + record, header[PUTS]! + 1, header[GETS]!, this.logged(by, LOG_PUT, count));
    if (by === 0) this.wakeNow();
    return true;
  }

  /** Inside, with COUNT > 0 (and, for a thread `by`, room in the op log): takes the first item out (COUNT one less, GETS one more). */
  take(by = 0): StructuredValue {
    const header = this.header;
    const head = header[HEAD]!;
    const word = this.words[head >> 2]!;
    const tag = word >>> TAG_SHIFT;
    const payload = word & LENGTH_MASK;
    const at = (head + 4) % DATA_BYTES;
    const record = 4 + padded(payload);
    // Checked before it is read: a thread that wrote over its records (a hostile or broken worker) gets its
    // queue refused in words, never a host that parses megabytes or loops past the bytes the ring holds.
    const used = header[USED]!;
    if (tag < TAG_NULL || tag > TAG_JSON || used > DATA_BYTES || record > used || (tag === TAG_NUMBER && payload !== 8)) throw new CorruptRing();
    let item: StructuredValue;
    if (tag === TAG_NUMBER) {
      this.copyOut(this.scratchBytes, at);
      item = this.scratch[0]!;
    } else if (tag === TAG_TEXT || tag === TAG_JSON) {
      const text = readUnits(this.data, at, payload >> 1);
      item = tag === TAG_TEXT ? text : parseRecord(text);
    } else {
      item = tag === TAG_NULL ? null : tag === TAG_TRUE;
    }
    const count = header[COUNT]! - 1;
    this.commit((head + record) % DATA_BYTES, header[TAIL]!, count, header[UNFINISHED]!, header[USED]! - record, header[PUTS]!, header[GETS]! + 1, this.logged(by, LOG_GET, count));
    if (by === 0) this.wakeNow();
    return item;
  }

  /** Inside: task_done(); false when no task is unfinished (Python's ValueError), or a thread `by` finds the op log full. */
  taskDone(by = 0): boolean {
    const header = this.header;
    const unfinished = header[UNFINISHED]! - 1;
    if (unfinished < 0 || (by !== 0 && !this.logHasRoom)) return false;
    if (by === 0) {
      this.setUnfinished(unfinished);
      return true;
    }
    this.commit(header[HEAD]!, header[TAIL]!, header[COUNT]!, unfinished, header[USED]!, header[PUTS]!, header[GETS]!, this.logged(by, LOG_TASK_DONE, unfinished));
    return true;
  }

  /** Inside: whether a thread's op can be logged (else it goes to the broker, which drains the log). */
  get logHasRoom(): boolean {
    return QueueLog.hasRoom(this.header[LOG_HEAD]!, this.header[LOG_TAIL]!);
  }

  /** Inside, for an op being committed: writes its log entry when a thread does it; the log's tail after it. */
  private logged(by: number, op: LogOp, arg: number): number {
    const tail = this.header[LOG_TAIL]!;
    if (by === 0) return tail;
    const t = logTime();
    this.log.write(tail, op, by, arg, t);
    this.header[op === LOG_PUT ? PUTTER_ACTIVE : GETTER_ACTIVE] = activeStamp(t);
    return (tail + 1) | 0;
  }

  /** Inside (the host): visits the logged ops not yet drained, in order, and frees their entries; how many. */
  drainLog(visit: LogVisitor): number {
    const header = this.header;
    const head = header[LOG_HEAD]!;
    const tail = header[LOG_TAIL]!;
    if (head === tail) return 0;
    const count = this.log.read(head, tail, visit);
    Atomics.store(header, LOG_HEAD, tail);
    return count;
  }

  /**
   * The host, once the worker with index `dead` has ended: if it died inside the section, finishes the
   * operation it was committing (or leaves it undone when it had not begun to) and frees the section.
   */
  recover(dead: number): boolean {
    const header = this.header;
    if (Atomics.load(header, LOCK) !== dead) return false;
    if (Atomics.load(header, JOURNAL) === 1) {
      for (let field = 0; field < FIELDS; field++) Atomics.store(header, HEAD + field, Atomics.load(header, JOURNAL_BASE + field));
      Atomics.store(header, JOURNAL, 0);
    }
    Atomics.store(header, LOCK, 0);
    return true;
  }

  /** Writes the journal, then the fields: a death at any point leaves a state `recover` makes whole. */
  private commit(head: number, tail: number, count: number, unfinished: number, used: number, puts: number, gets: number, logTail: number): void {
    const header = this.header;
    header[JOURNAL_BASE] = head;
    header[JOURNAL_BASE + 1] = tail;
    header[JOURNAL_BASE + 2] = count;
    header[JOURNAL_BASE + 3] = unfinished;
    header[JOURNAL_BASE + 4] = used;
    header[JOURNAL_BASE + 5] = puts;
    header[JOURNAL_BASE + 6] = gets;
    header[JOURNAL_BASE + 7] = logTail;
    Atomics.store(header, JOURNAL, 1);
    header[HEAD] = head;
    header[TAIL] = tail;
    header[COUNT] = count;
    header[UNFINISHED] = unfinished;
    header[USED] = used;
    header[PUTS] = puts;
    header[GETS] = gets;
    Atomics.store(header, LOG_TAIL, logTail);
    Atomics.store(header, JOURNAL, 0);
  }

  private copyIn(bytes: Uint8Array, at: number): number {
    for (let index = 0; index < bytes.length; index++) {
      this.data[at] = bytes[index]!;
      at = at + 1 === DATA_BYTES ? 0 : at + 1;
    }
    return at;
  }

  private copyOut(bytes: Uint8Array, at: number): void {
    for (let index = 0; index < bytes.length; index++) {
      bytes[index] = this.data[at]!;
      at = at + 1 === DATA_BYTES ? 0 : at + 1;
    }
  }
}

/** A queue ring whose records are not what puts write (a thread wrote over them): its items cannot be read. */
export class CorruptRing extends Error {
  constructor() {
    super("the queue's shared items were written over by a thread (a record that no put writes): it cannot be read");
  }
}

function parseRecord(text: string): StructuredValue {
  try {
    return JSON.parse(text) as StructuredValue;
  } catch {
    throw new CorruptRing();
  }
}
