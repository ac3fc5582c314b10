"""The shim's half of docs/python-wire.md: the facts buffer, the one connection per process, its hello and
batches, and when they are written.

No thread of its own (an extra thread would change `threading.active_count()` and make `os.fork()` warn on
3.12+): facts are appended to one list by the thread that did the op, and written by whichever thread
flushes, under the flush lock. Writes are blocking `send`s on a Unix socket; the host writes back only step
mode's few lines, which stepping.py reads (after_flush, and while a thread is held).

Quiet when the lab is gone: a failed connect or send drops the connection and every later fact, and the
program runs on as without the lab.
"""

import _socket
import _thread
import os
import sys
import time
from _json import encode_basestring_ascii as _quote
from _json import make_encoder as _make_encoder

PROTOCOL_VERSION = 1
#: At most this many facts per batch (the contract's limit).
BATCH_MAX = 4096
#: A line is at most 1 MiB (PY_LINE_MAX); batches are cut below it, with room for the envelope.
LINE_MAX = 1 << 20
_BATCH_BYTES = LINE_MAX - 4096
#: Facts wait at most this long for an op to carry them out (seconds): "the first op after 50 ms".
FLUSH_AFTER = 0.05
#: An op's number is an int32 on the wire (a Semaphore(2**40)'s units, a 3 GB message's bytes are capped).
_INT32_MIN, _INT32_MAX = -(2 ** 31), 2 ** 31 - 1
#: A role still unknown holds facts back (a spawned child before its Process is unpickled), at most this many.
_HOLD_MAX = 100_000

_time = time.time
_get_ident = _thread.get_ident
_native_id = getattr(_thread, 'get_native_id', None) or _get_ident

#: Facts not yet written, in the order they happened: op tuples (name, t, tid, id, arg) or encoded lines.
_buffer = []
#: ident -> native thread id: get_native_id is a syscall (about 180 ns here), a dict look-up is not.
_tids = {}
#: time.time() in ms at which the next op flushes.
due = 0.0
#: prim id -> a call that gives its contents' repr now: a shared Value or Array written since the last flush. Its `prim.contents` is made once per flush, not per write (an
#: Array filled cell by cell in a loop costs a dict store per cell, and one repr per flush).
_dirty = {}

_socket_path = os.environ.get('CONCURRENCY_LAB_PY_SOCKET', '')
_token = os.environ.get('CONCURRENCY_LAB_PY_TOKEN', '')
_flush_lock = _thread.allocate_lock()
_flushing = None  # the ident of the thread writing now: a nested flush (a finalizer, a signal handler) returns
_connection = None
#: (st_dev, st_ino, pid) of the connection's socket when it was opened: a program may close every descriptor
#: (os.closerange) and open a file that gets the number, dup2 over it, or fork below Python (no at-fork hook).
_opened_as = None
#: 'open' (connected or not yet), 'quiet' (the lab is gone: facts are dropped), 'closed' (process.exit sent).
_phase = 'open'

#: Called after each flush that wrote, or None: stepping.poll reads the lab's lines there (step mode).
after_flush = None

#: What the hello says of this process; processes.py fills it in as it learns it.
identity = {'role': 'main', 'startMethod': None, 'name': 'MainProcess', 'pending': False, 'daemon': False}


def thread_id():
    """The native id of the calling thread, remembered per ident."""
    ident = _get_ident()
    tid = _tids.get(ident)
    if tid is None:
        tid = _tids[ident] = _native_id()
    return tid


def op(name, prim_id, arg):
    """One op fact (SYNC_FACT_OPS name, primitive id, its number): the hot path, kept to an append and a check."""
    t = _time() * 1000
    tid = _tids.get(_get_ident())
    if tid is None:
        tid = thread_id()
    _buffer.append((name, t, tid, prim_id, arg))
    if t >= due or len(_buffer) >= BATCH_MAX:
        flush()


def op_at(t, name, prim_id, arg):
    """An op timed before the call it reports (a Manager queue's put: before its round trip, so that it is
    never later than the get in another process that took its item)."""
    _buffer.append((name, t, _tids.get(_get_ident()) or thread_id(), prim_id, arg))
    if _time() * 1000 >= due or len(_buffer) >= BATCH_MAX:
        flush()


def op_after_wait(name, prim_id, arg):
    """The op that ends a wait (`lock.acquired` after `lock.waiting`): kept out of `lock.fastPath` runs,
    which stand for uncontended pairs only (a list, where an op on the fast path is a tuple)."""
    t = _time() * 1000
    _buffer.append([name, t, thread_id(), prim_id, arg])
    if t >= due or len(_buffer) >= BATCH_MAX:
        flush()


def fact(*fields):
    """A cold fact (thread.start, prim.new, process.exit...), kept in order with the ops."""
    _buffer.append(fields)
    if len(_buffer) >= BATCH_MAX:
        flush()


def _unencodable(value):
    return str(value)


#: The C encoder json.dumps uses, without json's import: tuples are arrays, NaN is refused (facts never hold one).
_encode_chunks = _make_encoder(None, _unencodable, _quote, None, ':', ',', False, False, False)


def encode(value):
    return ''.join(_encode_chunks(value, 0))


def now_ms():
    return _time() * 1000


def flush(force=False):
    """Writes every buffered fact now (before a call that may block, at a thread's end, at exit)."""
    global _flushing, due
    if not _buffer and (not force or _connection is not None):
        return
    ident = _get_ident()
    if _flushing == ident:
        return
    with _flush_lock:
        _flushing = ident
        try:
            _write_pending(force)
        except Exception:  # noqa: BLE001 (the shim's own trouble: quiet from now on, the program runs on)
            _go_quiet()
        except BaseException:
            # KeyboardInterrupt (SIGINT's handler) or SystemExit landed mid-write: the program's, so raised on;
            # the stream may hold half a line, so it is closed rather than continued.
            _go_quiet()
            raise
        finally:
            _flushing = None
        due = (_time() + FLUSH_AFTER) * 1000
    if after_flush is not None:
        after_flush()


def changed(prim_id, contents):
    """A primitive whose contents the next flush states (`prim.contents`): `contents()` gives their repr then.
    Its write's op follows at once (the writer says who wrote: the flush finds it)."""
    _dirty[prim_id] = contents


def _writer_of(prim_id):
    """The thread of the latest buffered op on this primitive (its write), else the flushing thread."""
    for index in range(len(_buffer) - 1, -1, -1):
        item = _buffer[index]
        if len(item) == 5 and item[3] == prim_id and type(item[4]) is int:
            return item[2]
    return thread_id()


def _state_contents():
    t = _time() * 1000
    for prim_id, contents in list(_dirty.items()):
        _dirty.pop(prim_id, None)
        try:
            text = contents()
        except Exception:  # noqa: BLE001 (a repr that fails says nothing)
            continue
        _buffer.append(('prim.contents', t, _writer_of(prim_id), prim_id, text))


def _write_pending(force):
    if _phase != 'open':
        del _buffer[:]
        _dirty.clear()
        return
    if _dirty and not (_connection is None and identity['pending'] and not force):
        _state_contents()
    if not _buffer:
        return
    if _connection is None:
        if identity['pending'] and not force and len(_buffer) < _HOLD_MAX:
            return
        if not _connect():
            return
    while _buffer and _phase == 'open':
        taken = _buffer[:BATCH_MAX]
        # Taken from the head, appended at the tail by other threads meanwhile: nothing is lost or reordered.
        del _buffer[:len(taken)]
        _send_batch(coalesce(taken))


def _send_batch(facts):
    text = '{"type":"facts","facts":' + encode(facts) + '}\n'
    if len(text) > _BATCH_BYTES and len(facts) > 1:
        half = len(facts) // 2
        _send_batch(facts[:half])
        _send_batch(facts[half:])
        return
    _send(text)


def coalesce(facts):
    """Lighter on the wire, the same to the fold:
    - each run of adjacent uncontended pairs (one thread's `lock.acquired` 1 then `lock.released` 0 on one
      lock) becomes one `lock.fastPath` with their number (the holder before and after is nobody);
    - each run of adjacent put/get pairs of one thread on one queue (depth d+1 then d) becomes
      `queue.putsCounted` and `queue.getsCounted` for all but the last pair, which is kept as itself and
      states the depth (as the lab's own counted stretches do)."""
    out = []
    run = None
    count = len(facts)
    index = 0
    while index < count:
        item = facts[index]
        name = item[0]
        if name == 'queue.put' and index + 3 < count:
            pairs = _queue_pairs(facts, index, count)
            if pairs > 1:
                out.append(('queue.putsCounted', item[1], item[2], item[3], pairs - 1))
                out.append(('queue.getsCounted', item[1], item[2], item[3], pairs - 1))
                index += 2 * (pairs - 1)
                continue
        if name == 'lock.acquired' and item[4] == 1 and index + 1 < count and type(item) is tuple:
            following = facts[index + 1]
            if following[0] == 'lock.released' and following[4] == 0 and following[3] == item[3] and following[2] == item[2]:
                if run is not None and run is out[-1] and run[3] == item[3] and run[2] == item[2]:
                    run[4] += 1
                else:
                    run = ['lock.fastPath', item[1], item[2], item[3], 1]
                    out.append(run)
                index += 2
                continue
        if len(item) == 5 and type(item[4]) is int and not (_INT32_MIN <= item[4] <= _INT32_MAX):
            item = (item[0], item[1], item[2], item[3], max(_INT32_MIN, min(_INT32_MAX, item[4])))
        out.append(item)
        index += 1
    return out


def _queue_pairs(facts, index, count):
    """How many put/get pairs of one thread on one queue, back to the same depth, start at `index`."""
    put = facts[index]
    pairs = 0
    while index + 1 < count:
        first, second = facts[index], facts[index + 1]
        if (first[0] != 'queue.put' or second[0] != 'queue.get' or first[2] != put[2] or second[2] != put[2]
                or first[3] != put[3] or second[3] != put[3] or first[4] != put[4] or second[4] != put[4] - 1):
            break
        pairs += 1
        index += 2
    return pairs


def op_as(tid, name, prim_id, arg):
    """An op fact on behalf of another thread (a parked waiter a queue's shutdown sends away)."""
    _buffer.append((name, _time() * 1000, tid, prim_id, arg))


def _connect():
    global _connection
    try:
        connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    except OSError:
        _go_quiet()
        return False
    try:
        connection.connect(_socket_path)
    except OSError:
        connection.close()
        _go_quiet()
        return False
    global _opened_as
    _connection = connection
    try:
        status = os.fstat(connection.fileno())
        _opened_as = (status.st_dev, status.st_ino, os.getpid())
    except OSError:
        _opened_as = None
    _send(encode(hello()) + '\n')
    return _phase == 'open'


def hello():
    return {
        'type': 'hello', 'v': PROTOCOL_VERSION, 'token': _token, 'pid': os.getpid(), 'ppid': os.getppid(),
        't': now_ms(), 'executable': sys.executable or '', 'version': '%d.%d.%d' % sys.version_info[:3],
        'argv': bounded_argv(), 'role': identity['role'], 'startMethod': identity['startMethod'],
        'name': bounded(identity['name'], 200), 'daemon': identity['daemon'], 'mono': time.monotonic() * 1000,
    }


def bounded(text, most):
    return text if len(text) <= most else text[:most]


def bounded_argv():
    """sys.argv within a small part of a line: at most 64 arguments of at most 1,000 characters.

    While `python -m module` looks for its module, sys.argv[0] is '-m': the command line says which, and
    `python -m concurrency_lab script.py args` is the script's own argv."""
    argv = list(sys.argv)
    original = getattr(sys, 'orig_argv', None)
    if argv[:1] == ['-m'] and original and '-m' in original:
        argv = original[original.index('-m'):]
        if argv[1:2] == ['concurrency_lab']:
            argv = argv[2:]
    return [bounded(str(arg), 1000) for arg in argv[:64]]


_SEND_FLAGS = getattr(_socket, 'MSG_NOSIGNAL', 0)


def _still_ours(same_process=True):
    """Whether the connection's descriptor is still the socket the shim opened (and, by default, in the process
    that opened it). A number the program closed and reused is its file now: never written to, never closed."""
    if _opened_as is None:
        return False
    try:
        status = os.fstat(_connection.fileno())
    except (OSError, ValueError):
        return False
    return (status.st_dev, status.st_ino) == _opened_as[:2] and (not same_process or os.getpid() == _opened_as[2])


def _release(connection, ours):
    """Closes the shim's socket; a descriptor that is no longer it is only forgotten (detach), left to its owner."""
    try:
        if ours:
            connection.close()
        else:
            connection.detach()
    except OSError:
        pass


def _send(text):
    data = text.encode('ascii', 'backslashreplace')
    if not _still_ours():
        _go_quiet()
        return
    try:
        _connection.sendall(data, _SEND_FLAGS)
    except OSError:
        _go_quiet()


def _go_quiet():
    global _phase, _connection
    _phase = 'quiet'
    del _buffer[:]
    _dirty.clear()
    if _connection is not None:
        _release(_connection, _still_ours())
        _connection = None


def close():
    """After process.exit: later facts (a daemon thread still running while the interpreter ends) are dropped."""
    global _phase, _connection
    if _phase == 'open':
        _phase = 'closed'
    if _connection is not None:
        # Closed here, not left to the interpreter's end (a ResourceWarning under -W error).
        _release(_connection, _still_ours())
        _connection = None


def before_fork():
    """Flushes, then holds the flush lock across fork() so that the child never inherits it held mid-write."""
    flush()
    _flush_lock.acquire()


def after_fork_in_parent():
    _flush_lock.release()


def after_fork_in_child():
    """The child drops the parent's facts and connection; it connects with a hello of its own at its first flush."""
    global _flush_lock, _flushing, _connection, due
    _flush_lock = _thread.allocate_lock()
    _flushing = None
    del _buffer[:]
    _dirty.clear()
    _tids.clear()
    if _connection is not None:
        # This process's copy of the descriptor only: the parent's stream goes on.
        _release(_connection, _still_ours(same_process=False))
        _connection = None
    due = (_time() + FLUSH_AFTER) * 1000
