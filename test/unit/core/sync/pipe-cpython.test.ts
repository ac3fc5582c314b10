import { describe, expect, it } from 'vitest';
import type { Item } from '../../../../src/shared/sync';
import { client, done, flush, lab } from './harness';

/**
 * A Pipe against CPython's own behaviour (Lib/multiprocessing/connection.py, _test_multiprocessing.py's
 * _TestConnection: test_connection, test_duplex_false, test_sendbytes, test_spawn_close), with the
 * worker's real client wired to the broker. Every expectation was seen in CPython 3.11, 3.12 and 3.13
 * (they agree on all of them).
 */

async function raised(promise: Promise<unknown>): Promise<{ name: string; message: string; args?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('nothing raised');
}

function pair(duplex = true) {
  const t = lab();
  t.create({ kind: 'Pipe', name: 'p', duplex });
  const [a] = client(t, 'w1', false).sync.pipe('p');
  const [, b] = client(t, 'w2', true).sync.pipe('p');
  return { t, a: a!, b: b! };
}

describe('Pipe messages are any structured value', () => {
  it('round-trip exactly: lists, dicts, nested, None, bools, floats, unicode', async () => {
    const { a, b } = pair();
    const items: Item[] = [[1, { x: null }], { nested: { deep: [[[true, false]]], 'k é': 'ünï ☃' } }, [], {}, 1.5, -0, 'text', null];
    for (const item of items) await a.send(item);
    for (const item of items) expect(await b.recv()).toEqual(item);
  });

  it('poll(-1) answers at once: False when empty, True with a message or at EOF (CPython 3.11-3.13)', async () => {
    const { a, b } = pair();
    expect(await b.poll(-1)).toBe(false);
    expect(await b.poll(-0.5)).toBe(false);
    await a.send('x');
    expect(await b.poll(-1)).toBe(true);
    expect(await b.recv()).toBe('x');
    await a.close();
    expect(await b.poll(-1)).toBe(true);
  });

  it('poll(None) blocks until a message comes', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    const waiting = t.send('w2', { op: 'pipe_poll', name: 'p', end: 1, timeout: null });
    await t.advance(3600);
    expect(waiting.settled).toBe(false);
    await t.now('w1', { op: 'pipe_send', name: 'p', end: 0, item: 1 });
    await flush();
    expect(waiting.reply).toEqual(done(true));
  });

  it('closing a closed end does nothing; a send towards a closed end is a BrokenPipeError (an OSError)', async () => {
    const { a, b } = pair();
    await a.close();
    await a.close();
    expect(await raised(a.send(1))).toMatchObject({ name: 'OSError', message: 'handle is closed' });
    expect(await raised(a.poll())).toMatchObject({ name: 'OSError', message: 'handle is closed' });
    expect(await raised(b.send(1))).toMatchObject({ name: 'BrokenPipeError', message: '[Errno 32] Broken pipe' });
    expect(await raised(b.sendBytes(Buffer.from('x')))).toMatchObject({ name: 'BrokenPipeError' });
    expect(await raised(b.recv())).toMatchObject({ name: 'EOFError' });
    expect(await raised(b.recvBytes())).toMatchObject({ name: 'EOFError' });
    expect(await raised(b.recvBytesInto(new Uint8Array(2)))).toMatchObject({ name: 'EOFError' });
  });

  it('a one-way pipe (duplex=False): end 1 is write-only, end 0 read-only, for bytes too', async () => {
    const { a: reader, b: writer } = pair(false);
    expect(await raised(writer.recv())).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    expect(await raised(writer.poll())).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    expect(await raised(writer.recvBytes())).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    expect(await raised(writer.recvBytesInto(new Uint8Array(3)))).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    expect(await raised(reader.send(1))).toMatchObject({ name: 'OSError', message: 'connection is read-only' });
    expect(await raised(reader.sendBytes(Buffer.from('x')))).toMatchObject({ name: 'OSError', message: 'connection is read-only' });
  });
});

describe('send_bytes / recv_bytes / recv_bytes_into (test_sendbytes)', () => {
  it('send_bytes(buf, offset, size) sends the slice; the checks and words are CPython\'s', async () => {
    const { a, b } = pair();
    await a.sendBytes(Buffer.from('hello world'), 6, 5);
    expect((await b.recvBytes()).toString()).toBe('world');
    await a.sendBytes(Buffer.from('abcdef'), 2, 2);
    expect((await b.recvBytes()).toString()).toBe('cd');
    await a.sendBytes(Buffer.from('abc'), 3);
    expect((await b.recvBytes()).length).toBe(0);
    await a.sendBytes(new Int32Array([1, 2]));
    expect([...(await b.recvBytes())]).toEqual([1, 0, 0, 0, 2, 0, 0, 0]);
    const abc = Buffer.from('abc');
    expect(await raised(a.sendBytes(abc, -1))).toMatchObject({ name: 'ValueError', message: 'offset is negative' });
    expect(await raised(a.sendBytes(abc, 4))).toMatchObject({ name: 'ValueError', message: 'buffer length < offset' });
    expect(await raised(a.sendBytes(abc, 1, 3))).toMatchObject({ name: 'ValueError', message: 'buffer length < offset + size' });
    expect(await raised(a.sendBytes(abc, 0, -1))).toMatchObject({ name: 'ValueError', message: 'size is negative' });
    expect(await raised(a.sendBytes('str' as never))).toMatchObject({ name: 'TypeError', message: "memoryview: a bytes-like object is required, not 'str'" });
    expect(await b.poll()).toBe(false);
  });

  it('recv_bytes(maxlength): a longer message is OSError "bad message length" and the end stops reading', async () => {
    const { a, b } = pair();
    await a.sendBytes(Buffer.from('hello'));
    expect((await b.recvBytes(5)).toString()).toBe('hello');
    await a.sendBytes(Buffer.from('abc'));
    expect(await raised(b.recvBytes(-1))).toMatchObject({ name: 'ValueError', message: 'negative maxlength' });
    expect((await b.recvBytes()).toString()).toBe('abc');
    await a.sendBytes(Buffer.from('hello'));
    expect(await raised(b.recvBytes(3))).toMatchObject({ name: 'OSError', message: 'bad message length' });
    expect(await raised(b.recv())).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    expect(await raised(b.poll())).toMatchObject({ name: 'OSError', message: 'connection is write-only' });
    await b.send('still writable');
    expect(await a.recv()).toBe('still writable');
  });

  it('on a one-way pipe a "bad message length" closes the reading end; the writer then gets a broken pipe', async () => {
    const { a: reader, b: writer } = pair(false);
    await writer.sendBytes(Buffer.from('hello'));
    expect(await raised(reader.recvBytes(0))).toMatchObject({ name: 'OSError', message: 'bad message length' });
    expect(await raised(reader.recv())).toMatchObject({ name: 'OSError', message: 'handle is closed' });
    expect(await raised(writer.sendBytes(Buffer.from('x')))).toMatchObject({ name: 'BrokenPipeError' });
  });

  it('recv_bytes_into(buf, offset) writes at the byte offset and returns the length', async () => {
    const { a, b } = pair();
    const buffer = new Uint8Array(10);
    await a.sendBytes(Buffer.from('abcd'));
    expect(await b.recvBytesInto(buffer, 3)).toBe(4);
    expect(Buffer.from(buffer).toString('latin1')).toBe('\0\0\0abcd\0\0\0');
    const ints = new Int32Array(3);
    await a.sendBytes(Buffer.from([1, 0, 0, 0]));
    expect(await b.recvBytesInto(ints, 4)).toBe(4);
    expect([...ints]).toEqual([0, 1, 0]);
    await a.sendBytes(Buffer.alloc(0));
    expect(await b.recvBytesInto(new Uint8Array(4), 4)).toBe(0);
  });

  it('a buffer too small raises BufferTooShort carrying the whole message, which is consumed', async () => {
    const { a, b } = pair();
    await a.sendBytes(Buffer.from('abcdefgh'));
    const error = await raised(b.recvBytesInto(new Uint8Array(4)));
    expect(error).toMatchObject({ name: 'BufferTooShort', message: "b'abcdefgh'" });
    expect(Buffer.from((error.args as Uint8Array[])[0]!).toString()).toBe('abcdefgh');
    expect(await b.poll()).toBe(false);
    await a.sendBytes(Buffer.from('abc'));
    expect(await raised(b.recvBytesInto(new Uint8Array(4), 4))).toMatchObject({ name: 'BufferTooShort', message: "b'abc'" });
  });

  it('a bad offset is refused before anything is received', async () => {
    const { a, b } = pair();
    await a.sendBytes(Buffer.from('abc'));
    expect(await raised(b.recvBytesInto(new Uint8Array(4), 5))).toMatchObject({ name: 'ValueError', message: 'offset too large' });
    expect(await raised(b.recvBytesInto(new Uint8Array(4), -1))).toMatchObject({ name: 'ValueError', message: 'negative offset' });
    expect(await b.poll()).toBe(true);
  });

  it("recv_bytes of an object is the lab's pickle of it (its JSON); recv of bytes unpickles them or raises UnpicklingError", async () => {
    const { a, b } = pair();
    await a.send({ n: [1, 'é'] });
    expect((await b.recvBytes()).toString('utf8')).toBe('{"n":[1,"é"]}');
    await a.sendBytes(Buffer.from('[5, {"x": null}]'));
    expect(await b.recv()).toEqual([5, { x: null }]);
    await a.sendBytes(Buffer.from('not a pickle'));
    expect(await raised(b.recv())).toMatchObject({ name: 'UnpicklingError', message: "invalid load key, 'n'." });
  });
});

describe('two readers parked on one end', () => {
  it('after one gets "bad message length", the other is told the end is write-only and nothing is lost', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    const short = t.send('r1', { op: 'pipe_recv_bytes', name: 'p', end: 1, maxlength: 2 });
    const any = t.send('r2', { op: 'pipe_recv', name: 'p', end: 1 });
    await flush();
    await t.now('w', { op: 'pipe_send_bytes', name: 'p', end: 0, data: Buffer.from('hello').toString('base64') });
    await flush();
    expect(short.reply).toMatchObject({ ok: false, error: 'OSError', message: 'bad message length' });
    expect(any.reply).toMatchObject({ ok: false, error: 'OSError', message: 'connection is write-only' });
    expect(t.view('p')).toMatchObject({ depth: 1, bytes: 5 });
  });
});
