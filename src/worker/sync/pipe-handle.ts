import { bytesText } from '../../shared/bytes-repr';
import type { Item, SyncReply } from '../../shared/sync';
import type { Requester, Timeout } from './requester';
import { syncError, type SyncError } from './sync-error';

/** multiprocessing.BufferTooShort: the message did not fit; `args[0]` is the whole message, as in CPython. */
export type BufferTooShort = SyncError & { readonly args: readonly [Buffer] };

/** Python's bytes-like objects, as JavaScript has them. */
type BytesLike = ArrayBufferView | ArrayBuffer;

function asBytes(buffer: BytesLike, what: string): Uint8Array {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const type = buffer === null ? 'NoneType' : typeof buffer === 'string' ? 'str' : typeof buffer;
  throw syncError('TypeError', `${what}: a bytes-like object is required, not '${type}'`);
}

/** A message's bytes: its own (send_bytes), or the lab's pickle of an object, which is its JSON in UTF-8. */
function messageBytes(reply: Extract<SyncReply, { ok: true }>): Buffer {
  return reply.bytes === true ? Buffer.from(String(reply.value), 'base64') : Buffer.from(JSON.stringify(reply.value), 'utf8');
}

/** recv() of bytes sent with send_bytes: unpickled, and the lab's pickle is JSON. */
function unpickle(reply: Extract<SyncReply, { ok: true }>): Item {
  if (reply.bytes !== true) return reply.value;
  const text = Buffer.from(String(reply.value), 'base64').toString('utf8');
  try {
    return JSON.parse(text) as Item;
  } catch {
    throw syncError('UnpicklingError', text.length === 0 ? 'pickle data was truncated' : `invalid load key, '${text[0]}'.`);
  }
}

/** Python's slice checks of send_bytes(buf, offset, size), in CPython's order and words. */
function sliceToSend(buffer: BytesLike, offset: number, size: number | undefined): Uint8Array {
  const bytes = asBytes(buffer, 'memoryview');
  if (offset < 0) throw syncError('ValueError', 'offset is negative');
  if (bytes.length < offset) throw syncError('ValueError', 'buffer length < offset');
  if (size === undefined) return bytes.subarray(offset);
  if (size < 0) throw syncError('ValueError', 'size is negative');
  if (offset + size > bytes.length) throw syncError('ValueError', 'buffer length < offset + size');
  return bytes.subarray(offset, offset + size);
}

/**
 * `conn0, conn1 = Pipe()`: one connection object per end, with CPython's Connection methods made async.
 * Bytes go as base64 over the wire (the IPC channel is JSON); recv_bytes gives a Buffer.
 */
export function pipeHandle(requester: Requester, name: string) {
  const connection = (end: 0 | 1) => ({
    send: async (item: Item) => void (await requester.call({ op: 'pipe_send', name, end, item })),
    recv: async () => unpickle(await requester.reply({ op: 'pipe_recv', name, end })),
    /** send_bytes(buf, offset=0, size=None): any bytes-like object (Buffer, Uint8Array, a typed array, ArrayBuffer). */
    sendBytes: async (buffer: BytesLike, offset = 0, size?: number) => {
      const data = Buffer.from(sliceToSend(buffer, offset, size)).toString('base64');
      await requester.call({ op: 'pipe_send_bytes', name, end, data });
    },
    /** recv_bytes(maxlength=None): OSError "bad message length" if the message is longer (and the end stops reading). */
    recvBytes: async (maxlength: number | null = null) => messageBytes(await requester.reply({ op: 'pipe_recv_bytes', name, end, maxlength })),
    /**
     * recv_bytes_into(buf, offset=0): writes the message into `buffer` at byte `offset` and returns its
     * length; a buffer too small raises BufferTooShort carrying the message (which is then consumed).
     */
    recvBytesInto: async (buffer: BytesLike, offset = 0) => {
      const target = asBytes(buffer, 'memoryview');
      if (offset < 0) throw syncError('ValueError', 'negative offset');
      if (offset > target.length) throw syncError('ValueError', 'offset too large');
      const message = messageBytes(await requester.reply({ op: 'pipe_recv_bytes', name, end, maxlength: null }));
      if (target.length < offset + message.length) throw Object.assign(syncError('BufferTooShort', bytesPreview(message)), { args: [message] as const }) as BufferTooShort;
      target.set(message, offset);
      return message.length;
    },
    /** poll(timeout=0): a negative timeout answers at once, null waits for ever. */
    poll: async (timeout: Timeout = 0) => (await requester.call({ op: 'pipe_poll', name, end, timeout: timeout ?? null })) === true,
    close: async () => void (await requester.call({ op: 'pipe_close', name, end })),
  });
  return [connection(0), connection(1)] as const;
}

/** str(BufferTooShort(b)) in CPython is repr(b): the same here, cut to 80 characters. */
function bytesPreview(message: Buffer): string {
  const text = bytesText(message.subarray(0, 80).toString('latin1'));
  return text.length > 80 || message.length > 80 ? `${text.slice(0, 79)}…` : text;
}
