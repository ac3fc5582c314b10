/**
 * The record of a thread's fast-path lock operations (lock-cell.ts): a SharedArrayBuffer ring per thread
 * worker, written by the thread with plain writes and drained by the host, so that an acquire or release
 * taken on a lock's cell is still a fact, without a message.
 *
 * Layout: a header of HEADER_INTS Int32s, then CAPACITY entries of two Int32s (8 bytes, so that an entry
 * can also be read as one Float64).
 * - header[WRITE]: the thread's write position, published with Atomics.store every PUBLISH_EVERY entries
 *   and before any request (so the host, which drains before answering it, keeps facts in order).
 * - header[READ]: the host's read position, published after each drain: the thread's room.
 * - header[STALLS]: how many times the thread found the ring full and took the slow path instead.
 * Positions count entries for ever, modulo 2^32 in the header; an entry's place is `position & MASK`.
 * - An op entry: [word, count], word = op | lap tag | lock slot (the slot the host gave at attach); count is
 *   the recursion count after the op (0: the lock was freed).
 * - A time marker: [word with op MARK, 0], then one entry holding a Float64: the thread's epoch ms. The
 *   host dates the ops between two markers by interpolation.
 * The lap tag (position's lap, modulo 64) tells an entry written in this lap from an older one, so that once
 * the thread has ended the host can read entries it wrote but never published.
 */

export const WRITE = 0;
export const READ = 1;
export const STALLS = 2;
export const HEADER_INTS = 4;

/** Entries per ring: 32,768 (256 KiB), a few milliseconds of a hot loop between drains. */
export const CAPACITY_SHIFT = 15;
export const CAPACITY = 1 << CAPACITY_SHIFT;
export const MASK = CAPACITY - 1;
export const RING_BYTES = (HEADER_INTS + 2 * CAPACITY) * Int32Array.BYTES_PER_ELEMENT;

/** The thread publishes its position every this many entries (an Atomics.store costs about 7 ns). */
export const PUBLISH_EVERY = 32;
/** And writes a time marker every this many (performance.now costs about 40 ns). */
export const MARK_EVERY = 256;
/** Room the thread keeps free: a publish period's entries and a marker. */
export const HEADROOM = PUBLISH_EVERY + 2;

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
