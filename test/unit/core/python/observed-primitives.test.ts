import { describe, expect, it } from 'vitest';
import { FreeNames } from '../../../../src/core/python/observed-primitives';

describe('FreeNames', () => {
  it('names 8,000 primitives of one label with distinct names in about one probe each (a list of Locks made on one line)', () => {
    const taken = new Set<string>(['kept.5']);
    let probes = 0;
    const names = new FreeNames();
    const isTaken = (name: string) => {
      probes += 1;
      return taken.has(name);
    };
    const made: string[] = [];
    for (let n = 0; n < 8_000; n++) {
      const name = names.of('kept', isTaken);
      taken.add(name);
      made.push(name);
    }
    expect(new Set(made).size).toBe(8_000);
    expect(made.slice(0, 5)).toEqual(['kept', 'kept.2', 'kept.3', 'kept.4', 'kept.6']);
    expect(probes).toBeLessThan(2 * 8_000 + 10);
  });

  it('forgets its labels past its bound and still names right', () => {
    const taken = new Set<string>();
    const names = new FreeNames(2);
    for (const label of ['a', 'a', 'b', 'b', 'c', 'c', 'a']) taken.add(names.of(label, (name) => taken.has(name)));
    expect([...taken]).toEqual(['a', 'a.2', 'b', 'b.2', 'c', 'c.2', 'a.3']);
  });
});
