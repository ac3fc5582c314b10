import { argOf, SYNC_FACT_ARGS, SYNC_FACT_OPS, type SyncFact, type SyncFactOp } from './facts';

/**
 * The hot encoding of a sync fact (design-facts.md): 4 int32 = 16 bytes, no object per fact.
 *   [0] t: microseconds after the chunk's base time
 *   [1] op code (8 bits, the index in SYNC_FACT_OPS) << 24 | actor index (24 bits)
 *   [2] primitive id
 *   [3] the op's number (argOf), 0 when it has none
 * Actors and primitives are numbered by a FactIds registry that the reader shares with the writer.
 */
export const HOT_FACT_INTS = 4;
export const HOT_FACT_BYTES = HOT_FACT_INTS * Int32Array.BYTES_PER_ELEMENT;

const ACTOR_MASK = 0xff_ffff;
/** The furthest a fact may lie after its chunk's base: 2^31 - 1 µs (about 35 minutes). */
export const MAX_OFFSET_US = 2 ** 31 - 1;

const OP_CODE = new Map<SyncFactOp, number>(SYNC_FACT_OPS.map((op, index) => [op, index]));

/** An op's code in the hot encoding's word ([1]: code << 24 | actor). */
export function hotWord(op: SyncFactOp, actor: number): number {
  return ((OP_CODE.get(op)! << 24) | actor) | 0;
}

/** Numbers for actors and primitive names, in order of first sight; never reused. */
export class FactIds {
  private readonly actors: string[] = [];
  private readonly actorIndex = new Map<string, number>();
  private readonly primitives: string[] = [];
  private readonly primitiveIndex = new Map<string, number>();

  actor(actor: string): number {
    return number(actor, this.actors, this.actorIndex, ACTOR_MASK);
  }

  primitive(name: string): number {
    return number(name, this.primitives, this.primitiveIndex, 2 ** 31 - 1);
  }

  actorAt(index: number): string | undefined {
    return this.actors[index];
  }

  primitiveAt(id: number): string | undefined {
    return this.primitives[id];
  }

  /** Rough bytes held, for retention (two strings and a map entry each). */
  get bytes(): number {
    return (this.actors.length + this.primitives.length) * 96;
  }
}

function number(key: string, list: string[], index: Map<string, number>, max: number): number {
  const known = index.get(key);
  if (known !== undefined) return known;
  if (list.length > max) throw new RangeError(`more than ${max} distinct ids`);
  index.set(key, list.length);
  list.push(key);
  return list.length - 1;
}

/**
 * A time on the µs grid, as the recorder reads it back: a fact stamped with this is the same live and in a
 * recording (the hot encoding keeps whole µs).
 */
export function onMicrosecondGrid(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/**
 * A time's offset in whole µs from a chunk's base, both taken to the µs grid first: a fact's time read back
 * is then (base µs + offset) / 1000, the double nearest its µs, so times read back keep their order across
 * chunks too (an epoch-ms double's own step is about 0.24 µs, so `base + offset / 1000` could step back).
 */
export function offsetUs(t: number, baseMs: number): number {
  return Math.round(t * 1000) - Math.round(baseMs * 1000);
}

/** True when a fact at `t` can go into a chunk whose base is `baseMs` (not before it, and within MAX_OFFSET_US). */
export function fitsChunk(t: number, baseMs: number): boolean {
  const offset = offsetUs(t, baseMs);
  return offset >= 0 && offset <= MAX_OFFSET_US;
}

/** Writes `fact` at `slot` (a fact index, not an int index); `fitsChunk(fact.t, baseMs)` must hold. */
export function encodeFact(ids: FactIds, fact: SyncFact, baseMs: number, into: Int32Array, slot: number): void {
  const at = slot * HOT_FACT_INTS;
  into[at] = offsetUs(fact.t, baseMs);
  into[at + 1] = ((OP_CODE.get(fact.op)! << 24) | ids.actor(fact.actor)) | 0;
  into[at + 2] = ids.primitive(fact.primitive);
  into[at + 3] = argOf(fact);
}

/** Reads the fact at `slot`; throws on a code or id the registry does not know (a corrupt chunk). */
export function decodeFact(ids: FactIds, baseMs: number, from: Int32Array, slot: number): SyncFact {
  const at = slot * HOT_FACT_INTS;
  const word = from[at + 1]!;
  const op = SYNC_FACT_OPS[word >>> 24];
  const actor = ids.actorAt(word & ACTOR_MASK);
  const primitive = ids.primitiveAt(from[at + 2]!);
  if (op === undefined || actor === undefined || primitive === undefined) throw new RangeError(`not a fact at slot ${slot}`);
  const t = (Math.round(baseMs * 1000) + from[at]!) / 1000;
  const field = SYNC_FACT_ARGS[op];
  // The union is built from SYNC_FACT_ARGS, so an op with its own field name is exactly one member.
  return (field === null ? { t, actor, primitive, op } : { t, actor, primitive, op, [field]: from[at + 3]! }) as SyncFact;
}
