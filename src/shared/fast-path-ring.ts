/**
 * The record of a thread's fast-path lock operations (lock-cell.ts): a SharedArrayBuffer ring per thread
 * worker, written by the thread with plain writes and drained by the host, so that an acquire or release
 * taken on a lock's cell is still a fact, without a message.
 *
 * The thread never waits for the host: it is the ring's only reader while it lives. Every POST_EVERY
 * entries (half the ring), before any request and when idle, it copies what it wrote since its last post
 * into a plain Int32Array and posts it to the host on its own channel (a `syncRing` message, copied, not
 * transferred: thread-entry.ts says why): the channel keeps the order of its messages, so the host has a thread's ops
 * before its next request. Only once the thread has ended does the host read the ring itself, from the
 * end of the last batch it received, for what was written but never posted.
 *
 * Backpressure: a thread in a tight loop makes ops faster than the host can record them (about 8 million a
 * second against a few million), and posted batches would pile up in its channel without bound. So the
 * host acknowledges each batch it has taken (ACKED) and a thread more than MAX_UNACKED entries ahead of the
 * acknowledgement does not post: it drops that batch, counts it (DROPPED) and says where it resumed
 * (POSTED). The lock's own state stays exact in its shared cell and the next batch carries the holder as
 * it is; the recording has a gap, counted (RingReader.dropped, in the bench's output).
 *
 * A recording rate (keep-rate.ts): a thread keeps at most KEEP_OPS_PER_SECOND ops a second, in bursts of up
 * to KEEP_BURST_OPS; an op over it is not written at all but counted (COUNTED, one add per op, at once;
 * a dropped batch adds its ops there and its entries to COUNTED_ENTRIES), so a tight loop costs neither the
 * ring writes, the copy and post, nor the host's decoding, and cannot wipe the other workers' history. The host keeps its own bucket per thread (a thread
 * that ignores the rate is counted there) and tells the counts (`sync.fastPathCounted`).
 *
 * Layout: a header of HEADER_INTS Int32s (ACKED, DROPPED, POSTED, COUNTED, COUNTED_ENTRIES, one spare: the
 * entries stay 8-byte aligned), then
 * CAPACITY entries of two Int32s (8 bytes, so that an entry can also be read as one Float64).
 * Positions count entries for ever; an entry's place is `position & MASK`.
 * - An op entry: [word, count], word = op | lap tag | lock slot (the slot the host gave at attach); count is
 *   the recursion count after the op (0: the lock was freed).
 * - A time marker: [word with op MARK, 0], then one entry holding a Float64: the thread's epoch ms. The
 *   host dates the ops between two markers by interpolation.
 * The lap tag (position's lap, modulo 64) tells an entry written in this lap from an older one, so that once
 * the thread has ended the host can read entries it wrote but never published.
 */

export const HEADER_INTS = 6;
/** Header: the position after the last batch the host has taken (written by the host). */
export const ACKED = 0;
/** Header: entries the thread dropped because the host was behind (written by the thread). */
export const DROPPED = 1;
/** Header: the position after the thread's last post or drop (written by the thread). */
export const POSTED = 2;
/**
 * Header: fast-path ops counted, not kept: over the recording rate (never written), or dropped (written by
 * the thread only; int32, wrapping).
 */
export const COUNTED = 3;
/** Header: the entries of those (markers included), so the host tells a counted gap from a batch out of turn. */
export const COUNTED_ENTRIES = 4;

/**
 * The recording rate per thread: 1,000 ops a second kept on average, bursts of 262,144 (a burst of 100,000
 * pairs is kept whole). A tight loop (4 to 8 million ops a second) keeps its first burst and then about
 * 1,000 a second: 4 MiB of recorder, then 16 KiB a second, against the 32 MiB (2 million facts) that keep
 * the whole lab's last 30 minutes (recorder.ts); the rest is counted (docs/facts.md says how these were chosen).
 */
export const KEEP_OPS_PER_SECOND = 1_000;
export const KEEP_BURST_OPS = 1 << 18;

/** Entries per ring: 32,768 (256 KiB), a few milliseconds of a hot loop between drains. */
export const CAPACITY_SHIFT = 15;
export const CAPACITY = 1 << CAPACITY_SHIFT;
export const MASK = CAPACITY - 1;
export const RING_BYTES = (HEADER_INTS + 2 * CAPACITY) * Int32Array.BYTES_PER_ELEMENT;

/** The thread's hot path looks at its ring's state every this many entries (one comparison per op otherwise). */
export const CHECK_EVERY = 32;
/** It writes a time marker every this many (performance.now costs about 40 ns). */
export const MARK_EVERY = 256;
/** And posts a batch once this many entries are unposted: half the ring, so the other half is room. */
export const POST_EVERY = CAPACITY / 2;
/**
 * A thread this many entries ahead of the host's acknowledgement drops its batch instead of posting it:
 * 262,144 entries (2 MiB, 16 batches) in flight per thread, so a burst of 100,000 pairs is kept whole and
 * only a loop that outruns the host for longer loses ops (counted).
 */
export const MAX_UNACKED = 1 << 18;
/** The most entries one `syncRing` batch may carry (the host refuses a longer one). */
export const MAX_BATCH_ENTRIES = CAPACITY;

export const OP_ACQUIRED = 1;
export const OP_RELEASED = 2;
export const OP_MARK = 3;
export const OP_SHIFT = 30;
export const LAP_SHIFT = 24;
export const LAP_MASK = 63;
export const SLOT_MASK = (1 << LAP_SHIFT) - 1;

/** The lap tag bits of an entry at `position`. */
export const lapBits = (position: number): number => (Math.floor(position / CAPACITY) & LAP_MASK) << LAP_SHIFT;

/** What the host gives a thread at its first attach, and the slot of the lock attached. */
export interface RingAttachment {
  readonly ring: SharedArrayBuffer;
  readonly slot: number;
}

/** One fast-path operation as drained (when, who, which lock, the recursion count after it): the facts contract's. */
export type { FastPathOp } from './facts';
