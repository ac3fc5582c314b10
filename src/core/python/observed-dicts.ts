import { CONTENTS_CHARS } from '../../shared/data-facts';

/** What a Manager dict's keyed fact says (docs/python-wire.md, `data.key`). */
export const DATA_KEY_HOWS = ['read', 'write', 'delete', 'clear', 'initial', 'unknown'] as const;
export type DataKeyHow = (typeof DATA_KEY_HOWS)[number];

/** Keys kept per dict, and over every dict: past them a dict's contents end in "…" (not all are known). */
export const PY_DICT_KEYS_KEPT = 256;
export const PY_DICT_KEYS_KEPT_ALL = 65_536;

interface Model {
  /** Key repr -> value repr, in Python's order (insertion; a key deleted and set again goes last). */
  readonly entries: Map<string, string>;
  /** Key repr -> the time of the fact that last set or deleted it: an older fact folded later changes nothing. */
  readonly at: Map<string, number>;
  /** When it was last cleared: an older write folded later changes nothing. */
  clearedAt: number;
  /** False once a write the host could not follow (an update of many keys), or a key past the bounds. */
  complete: boolean;
}

/**
 * A Python Manager dict's contents as the host rebuilds them from the keyed facts of every process that
 * holds a proxy (the dict itself lives in the Manager's server process: its repr would cost a round trip per
 * write, these cost none). Reads do not change it: `d.get(k, 0)` returns 0 for a key that is not there.
 * Bounded: PY_DICT_KEYS_KEPT keys per dict, PY_DICT_KEYS_KEPT_ALL over all; then the contents say "…".
 */
export class ObservedDicts {
  private readonly models = new Map<string, Model>();
  private keys = 0;

  /** The contents after this fact, as Python's repr of the dict cut at CONTENTS_CHARS with "…"; null for a read. */
  apply(name: string, how: DataKeyHow, key: string, value: string, t: number): string | null {
    if (how === 'read') return null;
    const model = this.modelOf(name);
    // The last write of a key wins by its time, not by when its stream was read: 50 processes' writes under one
    // Lock end at the last one's value even when the host reads a stream late (fact-merge.ts is exact within 250 ms only).
    if ((how === 'write' || how === 'initial' || how === 'delete') && (t < model.clearedAt || t < (model.at.get(key) ?? -Infinity))) return reprOf(model);
    switch (how) {
      case 'write':
      case 'initial':
        if (!model.entries.has(key) && (model.entries.size >= PY_DICT_KEYS_KEPT || this.keys >= PY_DICT_KEYS_KEPT_ALL)) model.complete = false;
        else {
          if (!model.entries.has(key)) this.keys += 1;
          model.entries.set(key, value);
          model.at.set(key, t);
        }
        break;
      case 'delete':
        if (model.entries.delete(key)) this.keys -= 1;
        model.at.set(key, t);
        break;
      case 'clear':
        this.keys -= model.entries.size;
        model.entries.clear();
        model.at.clear();
        model.clearedAt = Math.max(model.clearedAt, t);
        model.complete = true;
        break;
      case 'unknown':
        model.complete = false;
        break;
    }
    return reprOf(model);
  }

  /** A dict deleted, or left over and forgotten: its keys make room. */
  forget(name: string): void {
    const model = this.models.get(name);
    if (model === undefined) return;
    this.keys -= model.entries.size;
    this.models.delete(name);
  }

  private modelOf(name: string): Model {
    let model = this.models.get(name);
    if (model === undefined) {
      model = { entries: new Map(), at: new Map(), clearedAt: -Infinity, complete: true };
      this.models.set(name, model);
    }
    return model;
  }
}

/** "{'count': 99}"; "{'a': 1, …}" when not every key is known; cut at CONTENTS_CHARS with "…" as the lab's own contents are. */
function reprOf(model: Model): string {
  let text = '{';
  for (const [key, value] of model.entries) {
    text += `${text.length > 1 ? ', ' : ''}${key}: ${value}`;
    if (text.length > CONTENTS_CHARS) break;
  }
  if (!model.complete) text += text.length > 1 ? ', …' : '…';
  text += '}';
  return text.length > CONTENTS_CHARS ? `${text.slice(0, CONTENTS_CHARS - 1)}…` : text;
}
