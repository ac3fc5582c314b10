import { z } from 'zod';
import { arrayRepr, cellRepr, coerceCell, zeroCell, type Cell } from './ctypes';
import { pythonRepr } from './python-repr';
import type { CreatePrimitive } from './sync';

/**
 * The cold facts beside the hot ones for shared data (issue 8): what a Value, Array, Dict or List holds
 * after a write (`sync.write`), and what primitives hold of the lab's memory budget (`sync.held`). Hot facts
 * are 16 bytes and carry one number (facts.ts), so these travel as lab events of their own.
 *
 * A write's fact carries the contents after it, as Python's repr cut to CONTENTS_CHARS characters ending in
 * "…" (the page shows that "…": the rest is not in the fact). The whole contents after the write, not the key
 * and value written: the page then never keeps more than CONTENTS_CHARS per primitive however big a dict
 * grows, and a `pop(0)` of a long list shows what moved into view without the page holding the list. A
 * runtime that observes its own primitives (the Python shim, issue 10) states the same from where the object
 * lives (a Value's own cell, a Manager's server process): the fact says what it holds, not who brokered it.
 */

/** How much of the contents' repr a fact carries: as the Locks panel showed of a snapshot's contents. */
export const CONTENTS_CHARS = 200;
/** The bound a received fact's contents are checked against (a repr cut at 200 may run a few characters past: a quoted key). */
export const CONTENTS_MAX_CHARS = 1_000;

const nameSchema = z.string().min(1).max(200);
const bytesSchema = z.number().int().min(0).max(2 ** 53 - 1);

/** A key's or a value's repr in a keyed fact: Python's repr, made short where it was made (reprlib), cut at this many characters. */
export const KEY_REPR_MAX_CHARS = 200;

const reprSchema = z.string().max(KEY_REPR_MAX_CHARS);

export const writeFactShape = {
  primitive: nameSchema,
  /** Who wrote: a workerId, or 'lab'. */
  actor: z.string().min(1).max(64),
  contents: z.string().max(CONTENTS_MAX_CHARS),
  /** A dict's write of one key, when the writer said which (a Python Manager dict's `d[k] = v`, `del d[k]`): its repr. */
  key: reprSchema.optional(),
  /** The value written at `key` (absent for a delete): its repr. */
  value: reprSchema.optional(),
};

/**
 * A read of one key of a dict (`sync.read`): a Python Manager dict's `d[k]` or `d.get(k)`, with what it
 * returned. Cold, as writes' contents: the lost update is two reads of the same value before either write.
 */
export const readFactShape = {
  primitive: nameSchema,
  actor: z.string().min(1).max(64),
  key: reprSchema,
  value: reprSchema,
};

/** The most primitives one `sync.held` lists (the broker holds at most 1,000 at once). */
export const HELD_MAX = 2_000;

export const heldFactShape = {
  /** Each primitive whose share of the memory budget changed since the last `sync.held`, with its bytes now. */
  held: z.array(z.strictObject({ primitive: nameSchema, bytes: bytesSchema })).min(1).max(HELD_MAX),
};

/**
 * The contents a Value, Array, Dict or List starts with, from what created it: the same repr the broker's
 * primitive gives (value.ts, array.ts), so that a fold from the creation alone agrees with it. A List's first
 * items are not in the record (sync.created keeps how many), so its first contents come as a `sync.write`.
 */
export function initialContents(spec: CreatePrimitive): string | null {
  switch (spec.kind) {
    case 'Value': {
      const coerced = coerceCell(spec.typecode, spec.value);
      return coerced.ok ? cellRepr(spec.typecode, coerced.cell) : '?';
    }
    case 'Array': {
      if (spec.values === undefined) {
        // Zero-filled: walked only as far as the repr shows (a repr of CONTENTS_CHARS cells is past CONTENTS_CHARS characters).
        return arrayRepr(spec.typecode, new Array<Cell>(Math.min(spec.length ?? 0, CONTENTS_CHARS)).fill(zeroCell(spec.typecode)), CONTENTS_CHARS);
      }
      const cells: Cell[] = [];
      for (const value of spec.values) {
        const coerced = coerceCell(spec.typecode, value);
        if (!coerced.ok) return '?';
        cells.push(coerced.cell);
      }
      return arrayRepr(spec.typecode, cells, CONTENTS_CHARS);
    }
    case 'Dict':
      return '{}';
    case 'List':
      return pythonRepr(spec.items, CONTENTS_CHARS);
    default:
      return null;
  }
}
