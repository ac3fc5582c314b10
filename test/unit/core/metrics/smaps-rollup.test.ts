import { describe, expect, it } from 'vitest';
import { parseSmapsRollup, readSmapsRollup } from '../../../../src/core/metrics/smaps-rollup';

// A real /proc/PID/smaps_rollup (Linux 6.x): a python3.11 child forked from a parent holding 200 MB, read
// 0.3 s after the fork. Its RSS is the parent's pages, shared copy-on-write, so its PSS is about half of it.
const FORKED_CHILD = `55a68c1a9000-7ffe6f339000 ---p 00000000 00:00 0                          [rollup]
Rss:              214708 kB
Pss:              107385 kB
Pss_Dirty:        106256 kB
Pss_Anon:         106256 kB
Pss_File:           1129 kB
Pss_Shmem:             0 kB
Shared_Clean:       3032 kB
Shared_Dirty:     210840 kB
Private_Clean:         0 kB
Private_Dirty:       836 kB
Referenced:         4900 kB
Anonymous:        211676 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
`;

describe('parseSmapsRollup', () => {
  it('reads RSS, PSS, shared and private, in bytes', () => {
    expect(parseSmapsRollup(FORKED_CHILD)).toEqual({ rss: 214708 * 1024, pss: 107385 * 1024, shared: (3032 + 210840) * 1024, private: 836 * 1024 });
  });

  it('is null for what is not a whole rollup: empty (a kernel thread), cut short, or not numbers', () => {
    expect(parseSmapsRollup('')).toBeNull();
    expect(parseSmapsRollup(FORKED_CHILD.slice(0, FORKED_CHILD.indexOf('Shared_Dirty')))).toBeNull();
    expect(parseSmapsRollup(FORKED_CHILD.replace('214708 kB', 'lots'))).toBeNull();
  });
});

describe.runIf(process.platform === 'linux')('readSmapsRollup', () => {
  it("reads this process's own, and is null for one that does not exist", () => {
    const own = readSmapsRollup(process.pid);
    expect(own).not.toBeNull();
    expect(own!.pss).toBeLessThanOrEqual(own!.rss);
    expect(own!.shared + own!.private).toBeLessThanOrEqual(own!.rss + 4096);
    expect(readSmapsRollup(2 ** 22 + 1)).toBeNull();
  });
});
