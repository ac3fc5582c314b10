/**
 * The lab's bounds on what Python programs make it show (resources/python/README.md, "Hostile programs"). A
 * program may make a million Locks or fork five thousand children: the host's books, the page's state and
 * the recording stay bounded, and what does not fit is counted and said in a sentence.
 */

/**
 * Observed primitives shown at once, over every Python process. The page's state holds at most 10,000
 * primitives (lab-state-schema.ts: a late page's keyframe over that is refused), the broker's own 1,000
 * among them: this leaves room for both.
 */
export const PY_PRIMITIVES_SHOWN = 8_000;
/** Ended observed processes whose rows stay (each with its last ended threads); older ones are closed. */
export const PY_ENDED_PROCESSES_KEPT = 256;

/**
 * Room for observed primitives: when full, the primitives of ended processes (made there and shared with
 * no other) are deleted, oldest first, so that a program run after one that made too many is shown again.
 */
export class ObservedRoom {
  /** Names whose process has ended, oldest first, with the names folded with them (a Condition's own lock). */
  private readonly retired: string[][] = [];

  retire(names: readonly string[][]): void {
    for (const group of names) this.retired.push(group);
  }

  /**
   * Deletes (`remove`) retired primitives, oldest first, until one more fits among the `shown()`; false when
   * it does not fit even so. `exists` says which retired names are still there (a name is deleted once).
   */
  makeRoom(shown: () => number, exists: (name: string) => boolean, remove: (names: string[]) => void): boolean {
    while (shown() >= PY_PRIMITIVES_SHOWN) {
      const group = this.retired.shift();
      if (group === undefined) return false;
      const names = group.filter(exists);
      if (names.length > 0) remove(names);
    }
    return true;
  }
}
