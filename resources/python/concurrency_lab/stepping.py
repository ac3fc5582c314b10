"""Step mode for Python threads ("be the scheduler", docs/step-mode.md): while the lab has it on, a thread
about to do an operation on an observed threading primitive is held there, before the operation takes
effect, until the lab sends its go.

The lab writes short lines on the process's own connection (docs/python-wire.md, "What the host writes"):
`step on`, `step off`, `go <tid>`. The shim has no thread of its own to read them, so the threads held here
take turns in one reader's seat (a raw lock): the one in it reads lines and hands each go to the thread it
names (that thread's own raw lock, released); the others wait on their own lock, and try the seat again
every SEAT_RETRY seconds. Nothing reads unless a thread is held, except a look without waiting after each
flush (a `step on` is seen there), so a program in step mode is made to wait for the lab only at its
synchronisation points.

Never hangs a program: when the connection is lost (the lab ended or closed it) or the lab says `step off`,
every held thread goes on and no thread is held any more. A line that is not one of the three is ignored
(counted in `ignored`): stderr is the program's, and the shim never writes to it.

Everything here uses raw `_thread` locks, which the shim does not observe, so holding a thread never takes
an observed primitive (which would be held itself); a nested call (a signal handler's acquire inside a hold)
is not held.
"""

import _socket
import _thread
import os

from . import wire

#: Whether held threads are held: read by every observed wrapper before its operation (the cost when off: a load).
on = os.environ.get('CONCURRENCY_LAB_PY_STEP') == '1'
#: How long a held thread waits on its own lock before it tries the reader's seat again (seconds).
SEAT_RETRY = 0.05
#: A line from the lab is at most this long; a longer one is dropped up to its end.
LINE_MAX = 64
#: Lines from the lab that were none of the three (dropped, not told: the program's stderr is its own).
ignored = 0

_DONTWAIT = getattr(_socket, 'MSG_DONTWAIT', 0)
_get_ident = _thread.get_ident
_allocate = _thread.allocate_lock

#: Guards _waiting and _arrived.
_state = _allocate()
#: The reader's seat: whoever holds it reads the connection.
_seat = _allocate()
#: tid -> the held thread's own lock, locked until its go comes.
_waiting = {}
#: tids whose go has come (their lock released once).
_arrived = set()
#: idents of threads inside hold(): a nested call from a signal handler is not held.
_inside = set()
#: Bytes of a line not yet ended; _skipping: a line too long is being dropped up to its newline.
_partial = b''
_skipping = False


def hold(prim_id, op):
    """Called by an observed wrapper when `on`: says where the thread is held, flushes, and waits for its go."""
    ident = _get_ident()
    if ident in _inside:
        return
    _inside.add(ident)
    try:
        _hold(wire.thread_id(), prim_id, op)
    finally:
        _inside.discard(ident)


def _hold(tid, prim_id, op):
    mine = _allocate()
    mine.acquire()
    with _state:
        _arrived.discard(tid)
        _waiting[tid] = mine
    went = False
    try:
        wire.fact('step.held', wire.now_ms(), tid, prim_id, op)
        wire.flush(force=True)
        while on and _connected() and not _gone(tid):
            if _seat.acquire(False):
                try:
                    _read_until(tid)
                finally:
                    _seat.release()
            else:
                mine.acquire(True, SEAT_RETRY)
        went = True
    finally:
        with _state:
            _waiting.pop(tid, None)
            _arrived.discard(tid)
        if not went:
            # An exception (KeyboardInterrupt) took it out before its go: the lab shows it held no more.
            wire.fact('step.left', wire.now_ms(), tid)
            wire.flush()


def _gone(tid):
    with _state:
        return tid in _arrived


def _connected():
    connection = wire._connection
    return wire._phase == 'open' and connection is not None and wire._still_ours()


def _read_until(tid):
    """In the seat: reads the lab's lines until this thread's go (or step off, or the connection's end)."""
    while on and not _gone(tid):
        connection = wire._connection
        if connection is None or not _connected():
            return _let_all_go()
        import select  # here, not at install: a program that never steps imports nothing more

        try:
            readable, _, _ = select.select([connection.fileno()], [], [], SEAT_RETRY)
        except (OSError, ValueError):
            return _let_all_go()
        if readable and not _read_available(connection):
            return


def poll():
    """After a flush: the lab's lines waiting now, read without waiting (a `step on` is learnt here)."""
    connection = wire._connection
    if connection is None or not _seat.acquire(False):
        return
    try:
        if _connected():
            _read_available(connection)
    finally:
        _seat.release()


def _read_available(connection):
    """Reads what is there without waiting and acts on each whole line; False when the connection ended."""
    global _partial, _skipping
    while True:
        try:
            data = connection.recv(4096, _DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            _let_all_go()
            return False
        if not data:
            # The lab closed its end: nobody will say go any more.
            _let_all_go()
            return False
        lines = (_partial + data).split(b'\n')
        _partial = lines.pop()
        for line in lines:
            if _skipping:
                _skipping = False
                continue
            _line(line)
        if len(_partial) > LINE_MAX:
            _partial, _skipping = b'', True
        if len(data) < 4096:
            return True


def _line(line):
    global on, ignored
    if line == b'step on':
        on = True
    elif line == b'step off':
        _let_all_go()
    elif line.startswith(b'go ') and 0 < len(line) - 3 <= 20 and line[3:].isdigit():
        _go(int(line[3:]))
    else:
        ignored += 1


def _go(tid):
    with _state:
        mine = _waiting.get(tid)
        if mine is None or tid in _arrived:
            return  # not held (any more): a go late or for another process's thread is nothing
        _arrived.add(tid)
        mine.release()


def _let_all_go():
    """Step off, or the lab is gone: every held thread goes on, and none is held from now on."""
    global on
    on = False
    with _state:
        for tid, mine in _waiting.items():
            if tid not in _arrived:
                _arrived.add(tid)
                mine.release()


def after_fork_in_child():
    """A fork copies a held parent's state: the child holds nobody and has no seat taken (it stays `on` as the
    parent was; the lab tells the child's connection the mode after its hello)."""
    global _state, _seat, _partial, _skipping
    _state = _allocate()
    _seat = _allocate()
    _waiting.clear()
    _arrived.clear()
    _inside.clear()
    _partial, _skipping = b'', False
