import { describe, expect, it } from 'vitest';
import { describeExitCode, exitCodeOf, exitMeaning } from '../../../src/shared/exit-code';
import { LINUX_SIGNAL_NUMBERS } from '../../../src/shared/signals';

describe('exit codes in the seeds convention', () => {
  it('maps a normal exit to its code', () => {
    expect(exitCodeOf(0, null, LINUX_SIGNAL_NUMBERS)).toBe(0);
    expect(exitCodeOf(3, null, LINUX_SIGNAL_NUMBERS)).toBe(3);
  });

  it('maps a death by signal N to -N', () => {
    expect(exitCodeOf(null, 'SIGTERM', LINUX_SIGNAL_NUMBERS)).toBe(-15);
    expect(exitCodeOf(null, 'SIGKILL', LINUX_SIGNAL_NUMBERS)).toBe(-9);
    expect(exitCodeOf(null, 'SIGINT', LINUX_SIGNAL_NUMBERS)).toBe(-2);
  });

  it('never reports an unknown signal as success', () => {
    expect(exitCodeOf(null, 'SIGWEIRD', LINUX_SIGNAL_NUMBERS)).toBeLessThan(0);
  });

  it('names the meaning', () => {
    expect(exitMeaning(0)).toBe('ok');
    expect(exitMeaning(1)).toBe('error');
    expect(exitMeaning(-9)).toBe('signal');
    expect(describeExitCode(-15, 'SIGTERM')).toBe('-15 (SIGTERM)');
    expect(describeExitCode(1, null)).toBe('1 (error)');
    expect(describeExitCode(0, null)).toBe('0 (ok)');
  });
});
