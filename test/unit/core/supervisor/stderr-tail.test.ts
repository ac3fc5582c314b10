import { describe, expect, it } from 'vitest';
import { thrownDetail } from '../../../../src/core/supervisor/launch-thread';
import { StderrTail } from '../../../../src/core/supervisor/launched';

const summary = (text: string) => {
  const tail = new StderrTail();
  tail.push(text);
  return tail.summary();
};

// Real stderr, as Node 20 and Python 3 print an uncaught error.
describe("a worker's death in one line, as Python's last traceback line", () => {
  it('a Node worker: the error header after the caret, said once', () => {
    const node = [
      'file:///work/out/node/worker-process.js:11',
      '  setTimeout(() => { throw e; });',
      '                     ^',
      '',
      'OSError: handle is closed',
      '    at Timeout._onTimeout (file:///work/out/node/worker-process.js:11:28)',
      '    at listOnTimeout (node:internal/timers:581:17) {',
      "  type: 'OSError'",
      '}',
      '',
      'Node.js v20.20.2',
      '',
    ].join('\n');
    expect(summary(node)).toBe('OSError: handle is closed');
  });

  it('an error type that does not end in "Error" (Full, Empty), and no source line', () => {
    expect(summary("Full: the queue is full\n    at put (x.js:1:1)\n{\n  type: 'Full'\n}\n\nNode.js v20.20.2\n")).toBe('Full: the queue is full');
  });

  it('a Python traceback: its last line', () => {
    const python = ['Traceback (most recent call last):', '  File "<string>", line 1, in <module>', 'ZeroDivisionError: division by zero', ''].join('\n');
    expect(summary(python)).toBe('ZeroDivisionError: division by zero');
  });

  it('anything else: the last line, never Node\'s version footer', () => {
    expect(summary('something went wrong\n\nNode.js v22.1.0\n')).toBe('something went wrong');
    expect(summary('')).toBeNull();
  });
});

describe("a thread's death in one line", () => {
  it('names the type once, and copes with what is not an Error', () => {
    const named = Object.assign(new Error('handle is closed'), { name: 'OSError' });
    expect(thrownDetail(named)).toBe('OSError: handle is closed');
    expect(thrownDetail(new TypeError(''))).toBe('TypeError');
    expect(thrownDetail('boom')).toBe('boom');
    expect(thrownDetail(null)).toBe('null');
    expect(thrownDetail({ message: 'plain object' })).toBe('Error: plain object');
  });
});
