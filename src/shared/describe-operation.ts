import { assertNever } from './assert-never';
import { bytesRepr } from './bytes-repr';
import { pythonFloatRepr, STORAGE, type Typecode } from './ctypes';
import { pythonRepr } from './structured-value';
import type { Item, ParsedSyncRequest, PrimitiveSnapshot, SyncOp } from './sync';

/**
 * What an operation the lab did on a primitive (a button in the Locks panel) did, in words a teacher can
 * read aloud: "set redis_ready: the flag is now set, 3 waiters woken", "put 7 into lifo (depth 4)", "get
 * from q: got 3 (depth 2)". Pure: it reads the request, the reply's value and the primitive's snapshot
 * just before and just after, so the counts (who was woken, the depth) are the broker's, not guesses.
 */
export function describeOperation(
  request: ParsedSyncRequest,
  value: Item,
  before: PrimitiveSnapshot | undefined,
  after: PrimitiveSnapshot | undefined,
  /** The reply's value is bytes, as base64 (a Pipe message sent with send_bytes). */
  isBytes = false,
): string {
  const { name } = request;
  const typecode = after?.typecode ?? before?.typecode ?? null;
  const woken = (op: SyncOp) => Math.max(0, waiting(before, op) - waiting(after, op));
  switch (request.op) {
    case 'acquire':
      return value === true ? `acquire ${name}: taken by the lab` : `acquire ${name}: not taken, it is held (the lab never waits)`;
    case 'release':
      return describeRelease(request.name, before, after, woken('acquire'));
    case 'set':
      return before?.flag === true ? `set ${name}: the flag was already set` : `set ${name}: the flag is now set, ${wokenWords(woken('wait'), 'waiter')}`;
    case 'clear':
      return before?.flag === false ? `clear ${name}: the flag was already clear` : `clear ${name}: the flag is now clear; wait() blocks again`;
    case 'is_set':
      return `is_set ${name}: ${value === true ? 'yes, the flag is set' : 'no, the flag is clear'}`;
    case 'notify': {
      const waiters = waiting(before, 'wait');
      return waiters === 0 ? `notify ${name}: no one was waiting` : `notify ${name}: ${woken('wait')} of ${waiters} ${plural(waiters, 'waiter')} woken`;
    }
    case 'notify_all':
      return `notify_all ${name}: ${wokenWords(woken('wait'), 'waiter')}`;
    case 'abort':
      return `abort ${name}: the barrier is broken; ${brokenWords(waiting(before, 'wait'))}`;
    case 'reset':
      return `reset ${name}: the barrier is reset; ${brokenWords(waiting(before, 'wait'))}`;
    case 'put': {
      const handed = woken('get');
      return `put ${itemWords(request.item)} into ${name} (depth ${after?.depth ?? '?'}${handed > 0 ? `; ${handed} waiting ${plural(handed, 'getter')} woken` : ''})`;
    }
    case 'get': {
      const freed = woken('put');
      return `get from ${name}: got ${itemWords(value)} (depth ${after?.depth ?? '?'}${freed > 0 ? `; ${freed} waiting ${plural(freed, 'putter')} woken` : ''})`;
    }
    case 'qsize':
      return `qsize ${name}: ${String(value)} ${plural(Number(value), 'item')}`;
    case 'empty':
      return `empty ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'full':
      return `full ${name}: ${value === true ? 'yes' : 'no'} (${before?.depth ?? '?'} of ${before?.maxsize === 0 ? 'unbounded' : (before?.maxsize ?? '?')})`;
    case 'task_done':
      return `task_done ${name}: ${after?.unfinished ?? '?'} unfinished ${plural(after?.unfinished ?? 0, 'task')} left${woken('join') > 0 ? `; ${wokenWords(woken('join'), 'joiner')}` : ''}`;
    case 'close':
      return `close ${name}: the lab's own puts and gets on it raise ValueError now`;
    case 'shutdown': {
      const woken = waiting(before, 'get') + waiting(before, 'put');
      const dropped = request.immediate ? `; ${before?.depth ?? '?'} ${plural(before?.depth ?? 0, 'item')} dropped` : '';
      return `shutdown ${name}${request.immediate ? ' (immediate)' : ''}: puts raise ShutDown, gets too once it is empty${dropped}; ${wokenWords(woken, 'waiter')}`;
    }
    case 'is_shutdown':
      return `is_shutdown ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'value_get':
      return `get ${name}: ${cellWords(value, typecode)}`;
    case 'value_set':
      return `set ${name} to ${cellWords(request.value, typecode)}${after?.contents != null && after.contents !== cellWords(request.value, typecode) ? ` (it holds ${after.contents})` : ''}`;
    case 'array_get':
      return `get ${name}[${request.index}]: ${cellWords(value, typecode)}`;
    case 'array_set':
      return `set ${name}[${request.index}] to ${cellWords(request.value, typecode)}`;
    case 'array_fill':
      return `fill ${name} with ${cellWords(request.value, typecode)}`;
    case 'array_get_slice':
      return `get ${name}[${sliceWords(request)}]: ${Array.isArray(value) ? `[${value.map((cell) => cellWords(cell, typecode)).join(', ')}]` : cellWords(value, typecode)}`;
    case 'array_set_slice':
      return `set ${name}[${sliceWords(request)}] to [${request.values.map((cell) => cellWords(cell, typecode)).join(', ')}]`;
    case 'array_len':
      return `len(${name}): ${String(value)}`;
    case 'dict_delete':
      return `delete ${name}[${pythonRepr(request.key, 40)}]`;
    case 'dict_clear':
      return `clear ${name}: it is empty now`;
    case 'dict_get':
      return `get ${name}[${pythonRepr(request.key, 40)}]: ${itemWords(value)}`;
    case 'dict_set':
      return `set ${name}[${pythonRepr(request.key, 40)}] to ${itemWords(request.value)}`;
    case 'dict_has':
      return `${pythonRepr(request.key, 40)} in ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'dict_len':
      return `len(${name}): ${String(value)}`;
    case 'dict_keys':
    case 'dict_values':
    case 'dict_items':
      return `${name}.${request.op.slice('dict_'.length)}(): ${itemWords(value)}`;
    case 'dict_pop':
      return `pop ${name}[${pythonRepr(request.key, 40)}]: ${itemWords(value)}`;
    case 'dict_popitem':
      return `popitem ${name}: ${itemWords(value)}`;
    case 'dict_setdefault':
      return `setdefault ${name}[${pythonRepr(request.key, 40)}]: ${itemWords(value)}`;
    case 'dict_update':
      return `update ${name} with ${request.entries.length} ${plural(request.entries.length, 'pair')} (${after?.depth ?? '?'} keys now)`;
    case 'list_get':
      return `get ${name}[${request.index}]: ${itemWords(value)}`;
    case 'list_slice':
      return `get ${name}[${request.start ?? ''}:${request.stop ?? ''}${request.step === null ? '' : `:${request.step}`}]: ${itemWords(value)}`;
    case 'list_set':
      return `set ${name}[${request.index}] to ${itemWords(request.item)}`;
    case 'list_delete':
      return `delete ${name}[${request.index}] (${after?.depth ?? '?'} left)`;
    case 'list_append':
      return `append ${itemWords(request.item)} to ${name} (length ${after?.depth ?? '?'})`;
    case 'list_extend':
      return `extend ${name} with ${request.items.length} ${plural(request.items.length, 'item')} (length ${after?.depth ?? '?'})`;
    case 'list_insert':
      return `insert ${itemWords(request.item)} into ${name} at ${request.index} (length ${after?.depth ?? '?'})`;
    case 'list_pop':
      return `pop ${name}[${request.index}]: got ${itemWords(value)} (length ${after?.depth ?? '?'})`;
    case 'list_remove':
      return `remove ${itemWords(request.item)} from ${name} (length ${after?.depth ?? '?'})`;
    case 'list_index':
      return `index of ${itemWords(request.item)} in ${name}: ${String(value)}`;
    case 'list_count':
      return `count of ${itemWords(request.item)} in ${name}: ${String(value)}`;
    case 'list_contains':
      return `${itemWords(request.item)} in ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'list_reverse':
      return `reverse ${name}`;
    case 'list_len':
      return `len(${name}): ${String(value)}`;
    case 'list_clear':
      return `clear ${name}: it is empty now`;
    case 'pipe_send':
      return `send ${itemWords(request.item)} from end ${request.end} of ${name} (${after?.depth ?? '?'} in flight)`;
    case 'pipe_send_bytes':
      return `send_bytes ${bytesRepr(request.data, 60)} from end ${request.end} of ${name} (${after?.depth ?? '?'} in flight)`;
    case 'pipe_recv':
    case 'pipe_recv_bytes':
      return `${request.op === 'pipe_recv' ? 'recv' : 'recv_bytes'} on end ${request.end} of ${name}: got ${isBytes && typeof value === 'string' ? bytesRepr(value, 60) : itemWords(value)}`;
    case 'pipe_poll':
      return `poll end ${request.end} of ${name}: ${value === true ? 'a message is waiting' : 'nothing to receive'}`;
    case 'pipe_close':
      return `close end ${request.end} of ${name}`;
    case 'timer_start':
      return `start ${name}: sets ${after?.lock ?? before?.lock ?? 'its Event'} in ${seconds(after?.value ?? null)}`;
    case 'timer_cancel':
      return before?.flag === true ? `cancel ${name}: too late, it had fired` : `cancel ${name}: it will not fire`;
    case 'locked':
      return `locked ${name}: ${value === true ? 'yes, it is held' : 'no, it is free'}`;
    case 'is_owned':
      return `_is_owned ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'get_value':
      return `value of ${name}: ${String(value)}`;
    case 'n_waiting':
      return `n_waiting ${name}: ${String(value)}`;
    case 'broken':
      return `broken ${name}: ${value === true ? 'yes' : 'no'}`;
    case 'parties':
      return `parties ${name}: ${String(value)}`;
    // The lab's own operations never wait: these are refused before they run, so never described.
    case 'wait':
    case 'join':
    case 'action_done':
      return `${request.op} ${name}: done`;
    default:
      return assertNever(request);
  }
}

function describeRelease(name: string, before: PrimitiveSnapshot | undefined, after: PrimitiveSnapshot | undefined, woken: number): string {
  if (before?.kind === 'Semaphore' || before?.kind === 'BoundedSemaphore') {
    const units = after?.value ?? null;
    return `release ${name}: a unit given back${woken > 0 ? `, taken at once by ${woken} ${plural(woken, 'waiter')}` : ''} (${units ?? '?'} free)`;
  }
  return woken > 0 ? `release ${name}: freed; a waiter took it` : `release ${name}: freed; no one was waiting`;
}

/** How many of a snapshot's waiters are blocked in `op`. */
function waiting(snapshot: PrimitiveSnapshot | undefined, op: SyncOp): number {
  return snapshot?.waiters.filter((waiter) => waiter.op === op).length ?? 0;
}

const plural = (count: number, word: string) => (count === 1 ? word : `${word}s`);

function wokenWords(count: number, word: string): string {
  return count === 0 ? 'no one was waiting' : `${count} ${plural(count, word)} woken`;
}

function brokenWords(count: number): string {
  return count === 0 ? 'no one was waiting' : `${count} ${plural(count, 'waiter')} get BrokenBarrierError`;
}

/** An item as Python would print it in a message (its repr), short. */
function itemWords(item: Item | undefined): string {
  return pythonRepr(item, 60);
}

/**
 * A Value's or Array cell's value, wrapped for the wire or not (ctypes.ts), as Python prints it: a number
 * for a float typecode as a float (0 in a 'd' Array is 0.0), else a whole number as an int.
 */
function cellWords(value: Item | undefined, typecode: Typecode | null): string {
  if (typeof value === 'number') return (typecode !== null && STORAGE[typecode].kind === 'float') || !Number.isInteger(value) ? pythonFloatRepr(value) : String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (typeof value.int === 'string') return value.int;
    if (typeof value.float === 'string') return value.float === '-0' ? '-0.0' : value.float;
    if (typeof value.bytes === 'string') return bytesRepr(value.bytes, 60);
  }
  return itemWords(value);
}

function sliceWords(slice: { start: number | null; stop: number | null; step: number | null }): string {
  const bound = (value: number | null) => (value === null ? '' : String(value));
  return `${bound(slice.start)}:${bound(slice.stop)}${slice.step === null ? '' : `:${slice.step}`}`;
}

function seconds(ms: number | null): string {
  if (ms === null) return '?';
  return `${Math.round(ms / 100) / 10} s`;
}
