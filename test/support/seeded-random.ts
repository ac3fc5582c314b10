/** A small seeded PRNG (mulberry32), so a fuzz failure reproduces from the seed it prints. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks a name by its weight. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as Array<[T, number]>;
    let left = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [name, weight] of entries) {
      left -= weight;
      if (left < 0) return name;
    }
    return entries.at(-1)![0];
  }

  /** Printable text of up to `max` characters, with some non-ASCII and the characters JSON escapes. */
  text(max: number): string {
    const alphabet = 'abcXYZ019 _-./\\"\'{}[]:,%\n\t\u00e9\u4e2d\u{1f600}';
    const characters = [...alphabet];
    let text = '';
    for (let i = this.int(max + 1); i > 0; i--) text += this.pick(characters);
    return text;
  }
}
