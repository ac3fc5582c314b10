import { decodeFact, encodeFact, fitsChunk, HOT_FACT_INTS, offsetUs, type FactIds } from '../../shared/fact-encoding';
import type { SyncFact } from '../../shared/facts';
import type { LabEvent } from '../../shared/protocol';

/** Hot facts a chunk holds: 4096 x 16 bytes = 64 KiB of Int32Array. */
export const CHUNK_FACTS = 4096;

/** A fact as the recorder hands it back: a sync fact (hot), or a lab event (cold: lifecycle, samples). */
export type RecordedFact = { readonly seq: number; readonly kind: 'sync'; readonly fact: SyncFact } | { readonly seq: number; readonly kind: 'cold'; readonly event: LabEvent };

/** A cold fact and where it falls among the chunk's hot ones (after `at` of them). */
interface ColdEntry {
  readonly seq: number;
  readonly at: number;
  readonly event: LabEvent;
  readonly bytes: number;
}

/**
 * A run of facts in seq order: hot facts encoded in one typed array (no object per fact), cold facts as
 * objects beside them. Seqs are not stored per hot fact: they follow from the first seq and the cold
 * facts' places, so a hot fact costs its 16 bytes and nothing more.
 */
export class Chunk {
  private ints: Int32Array = new Int32Array(CHUNK_FACTS * HOT_FACT_INTS);
  private readonly colds: ColdEntry[] = [];
  private coldBytes = 0;
  hot = 0;
  lastSeq: number;
  lastT: number;

  constructor(
    readonly firstSeq: number,
    /** Hot facts' times are microseconds after this (fact-encoding.ts). */
    readonly baseMs: number,
  ) {
    this.lastSeq = firstSeq - 1;
    this.lastT = baseMs;
  }

  /** False when the chunk is full (or sealed), or the time does not fit its base: start another. */
  canTake(t: number): boolean {
    return this.hot < this.ints.length / HOT_FACT_INTS && fitsChunk(t, this.baseMs);
  }

  addHot(ids: FactIds, fact: SyncFact): number {
    encodeFact(ids, fact, this.baseMs, this.ints, this.hot);
    this.hot += 1;
    this.lastT = Math.max(this.lastT, fact.t);
    return ++this.lastSeq;
  }

  /** A hot fact already in numbers (hotWord, a primitive id, its arg): a thread's fast-path op, no object made. */
  addHotRaw(t: number, word: number, primitive: number, arg: number): number {
    const at = this.hot * HOT_FACT_INTS;
    this.ints[at] = offsetUs(t, this.baseMs);
    this.ints[at + 1] = word;
    this.ints[at + 2] = primitive;
    this.ints[at + 3] = arg;
    this.hot += 1;
    if (t > this.lastT) this.lastT = t;
    return ++this.lastSeq;
  }

  addCold(event: LabEvent): number {
    const bytes = JSON.stringify(event).length * 2;
    this.colds.push({ seq: this.lastSeq + 1, at: this.hot, event, bytes });
    this.coldBytes += bytes;
    this.lastT = Math.max(this.lastT, event.t);
    return ++this.lastSeq;
  }

  /** No more facts: the unused end of the hot array is given back (a copy of what is used). */
  seal(): void {
    if (this.hot * HOT_FACT_INTS < this.ints.length) this.ints = this.ints.slice(0, this.hot * HOT_FACT_INTS);
  }

  get hotBytes(): number {
    return this.ints.byteLength;
  }

  /** The end of the hot array no fact uses yet: the open chunk's room (a sealed one has none). */
  get unusedHotBytes(): number {
    return this.ints.byteLength - this.hot * HOT_FACT_INTS * this.ints.BYTES_PER_ELEMENT;
  }

  get bytes(): number {
    return this.ints.byteLength + this.coldBytes;
  }

  /**
   * Visits the kinds of the facts with seq in (after, until], in order, without decoding any (counting), with
   * a hot fact's time (as decodeFact gives it; a cold one's is its event's).
   */
  kindsSince(after: number, until: number, visit: (cold: boolean, t: number) => void): void {
    if (after >= this.lastSeq) return;
    const baseUs = Math.round(this.baseMs * 1000);
    let seq = this.firstSeq;
    let cold = 0;
    for (let slot = 0; slot <= this.hot && seq <= until; slot += 1) {
      for (; cold < this.colds.length && this.colds[cold]!.at === slot && seq <= until; cold += 1, seq += 1) {
        if (seq > after) visit(true, this.colds[cold]!.event.t);
      }
      if (slot === this.hot || seq > until) break;
      if (seq > after) visit(false, (baseUs + this.ints[slot * HOT_FACT_INTS]!) / 1000);
      seq += 1;
    }
  }

  /** The facts with seq > `after`, in order. */
  since(ids: FactIds, after: number, into: RecordedFact[]): void {
    if (after >= this.lastSeq) return;
    let seq = this.firstSeq;
    let cold = 0;
    for (let slot = 0; slot <= this.hot; slot += 1) {
      for (; cold < this.colds.length && this.colds[cold]!.at === slot; cold += 1, seq += 1) {
        const entry = this.colds[cold]!;
        if (entry.seq > after) into.push({ seq: entry.seq, kind: 'cold', event: entry.event });
      }
      if (slot === this.hot) break;
      if (seq > after) into.push({ seq, kind: 'sync', fact: decodeFact(ids, this.baseMs, this.ints, slot) });
      seq += 1;
    }
  }
}
