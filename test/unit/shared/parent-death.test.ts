import { describe, expect, it } from 'vitest';
import { execCommandLine, signalFromShellStatus, withCheckedParentDeathSignal, withParentDeathSignal } from '../../../src/shared/parent-death';
import { LINUX_SIGNAL_NUMBERS } from '../../../src/shared/signals';

describe('parent-death signal argv', () => {
  it('puts setpriv in front, or leaves the argv alone where there is none', () => {
    expect(withParentDeathSignal('/usr/bin/setpriv', ['sleep', '5'])).toEqual(['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', 'sleep', '5']);
    expect(withParentDeathSignal(null, ['sleep', '5'])).toEqual(['sleep', '5']);
    expect(withCheckedParentDeathSignal(null, 42, ['sleep', '5'])).toEqual(['sleep', '5']);
  });

  it('checks the parent in a shell that then execs the program with its own arguments', () => {
    const argv = withCheckedParentDeathSignal('/usr/bin/setpriv', 42, ['printf', '%s', 'a b']);
    expect(argv.slice(0, 6)).toEqual(['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', '/bin/sh', '-c']);
    expect(argv.slice(7)).toEqual(['lab-guard', '42', 'printf', '%s', 'a b']);
  });

  it('gives the node below an exec shell its own parent-death signal, quoted for the shell', () => {
    expect(execCommandLine('/usr/bin/setpriv', ['/opt/my node/node', 'entry.js', '--lab-worker=w1'])).toBe(
      "/usr/bin/setpriv --pdeathsig KILL -- '/opt/my node/node' entry.js --lab-worker=w1",
    );
  });
});

describe("an exec worker's shell status, read back", () => {
  it('reads 128 + N as signal N', () => {
    expect(signalFromShellStatus(134, null, LINUX_SIGNAL_NUMBERS)).toBe('SIGABRT');
    expect(signalFromShellStatus(143, null, LINUX_SIGNAL_NUMBERS)).toBe('SIGTERM');
    expect(signalFromShellStatus(137, null, LINUX_SIGNAL_NUMBERS)).toBe('SIGKILL');
  });

  it('keeps a code the worker said it exited with, and codes no signal explains', () => {
    expect(signalFromShellStatus(134, 134, LINUX_SIGNAL_NUMBERS)).toBeNull();
    expect(signalFromShellStatus(3, null, LINUX_SIGNAL_NUMBERS)).toBeNull();
    expect(signalFromShellStatus(128, null, LINUX_SIGNAL_NUMBERS)).toBeNull();
    expect(signalFromShellStatus(255, null, LINUX_SIGNAL_NUMBERS)).toBeNull();
    expect(signalFromShellStatus(null, null, LINUX_SIGNAL_NUMBERS)).toBeNull();
  });
});
