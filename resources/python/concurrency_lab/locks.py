"""threading.Lock and threading.RLock, observed: a thin wrapper around the real C lock.

The uncontended path is one non-blocking try of the real lock and one appended fact (the budget is 1.5 us per
acquire/release pair). Only when the try fails does the wrapper say `lock.waiting`, flush, and block in
the real lock, so that the wait-for edge reaches the lab before the thread sleeps. A release is stated
before the real release, so that the next holder's `lock.acquired` always comes after it.

Arguments the fast path does not take (a timeout, a bad value) go to the real lock as given, so that its
answers and its errors are exactly Python's.
"""

import _thread

from . import creation, registry, stepping as _stepping, wire

_raw_lock = _thread.allocate_lock
_raw_rlock = getattr(_thread, 'RLock', None)
_op = wire.op
_flush = wire.flush
_time = wire._time
_tids = wire._tids
_get_ident = _thread.get_ident
_buffer = wire._buffer
_BATCH_MAX = wire.BATCH_MAX
_TIMEOUT_MAX = _thread.TIMEOUT_MAX


def timeout_arg(timeout):
    """A timeout as the facts carry it: -1 for ever, else whole milliseconds, at most 2**31 - 1."""
    if timeout is None or timeout < 0:
        return -1
    return min(2 ** 31 - 1, int(round(timeout * 1000)))


def _valid_wait(blocking, timeout):
    """True when (blocking, timeout) is a wait the real lock accepts: then the wrapper may try first."""
    if type(timeout) not in (int, float):
        return False
    if timeout == -1:
        return True
    return bool(blocking) and 0 <= timeout <= _TIMEOUT_MAX


def _contended_acquire(acquire, lab_id, timeout):
    """A held lock's acquire, for a Lock and an RLock alike: say it waits and flush before blocking (so the
    host sees the wait-for edge while the thread sleeps), then its outcome."""
    _op('lock.waiting', lab_id, timeout_arg(timeout))
    _flush()
    if acquire(True, timeout):
        wire.op_after_wait('lock.acquired', lab_id, 1)
        return True
    _op('lock.timedOut', lab_id, 0)
    return False


class ObservedLock:
    """A threading.Lock the program made, reported; everything else is the real lock's."""

    __slots__ = ('_lock', '_lab_id', '__weakref__')

    def __init__(self, lab_id):
        self._lock = _raw_lock()
        self._lab_id = lab_id

    def acquire(self, blocking=True, timeout=-1):
        if _stepping.on:
            _stepping.hold(self._lab_id, 'acquire')
        lock = self._lock
        if timeout == -1 and type(timeout) is int:
            if lock.acquire(False):
                # wire.op, written out: this is the pair the 1.5 us budget is about.
                t = _time() * 1000
                tid = _tids.get(_get_ident())
                if tid is None:
                    tid = wire.thread_id()
                _buffer.append(('lock.acquired', t, tid, self._lab_id, 1))
                if t >= wire.due or len(_buffer) >= _BATCH_MAX:
                    _flush()
                return True
            if not blocking:
                _op('lock.timedOut', self._lab_id, 0)
                return False
            return self._wait(lock.acquire, -1)
        if not _valid_wait(blocking, timeout):
            return lock.acquire(blocking, timeout)
        if lock.acquire(False):
            _op('lock.acquired', self._lab_id, 1)
            return True
        return self._wait(lock.acquire, timeout)

    def _wait(self, acquire, timeout):
        return _contended_acquire(acquire, self._lab_id, timeout)

    __enter__ = acquire

    def release(self):
        if _stepping.on:
            _stepping.hold(self._lab_id, 'release')
        lock = self._lock
        if lock.locked():
            t = _time() * 1000
            tid = _tids.get(_get_ident())
            if tid is None:
                tid = wire.thread_id()
            _buffer.append(('lock.released', t, tid, self._lab_id, 0))
            if t >= wire.due or len(_buffer) >= _BATCH_MAX:
                _flush()
        lock.release()

    def __exit__(self, *exc_info):
        self.release()

    def locked(self):
        return self._lock.locked()

    def _is_owned(self):
        # What Condition does for a lock without one, without the probe being reported as ops.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def _at_fork_reinit(self):
        self._lock._at_fork_reinit()

    def __reduce_ex__(self, protocol):
        return self._lock.__reduce_ex__(protocol)  # the real lock's TypeError: a lock is neither pickled nor copied

    def __getattr__(self, name):
        return getattr(self._lock, name)

    def __repr__(self):
        return repr(self._lock).replace('_thread.lock', 'concurrency_lab.ObservedLock', 1)


class ObservedRLock:
    """A threading.RLock the program made, reported with its recursion count, kept here by its owner."""

    __slots__ = ('_lock', '_lab_id', '_count', '__weakref__')

    def __init__(self, lab_id):
        self._lock = _raw_rlock()
        self._lab_id = lab_id
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        if _stepping.on:
            _stepping.hold(self._lab_id, 'acquire')
        lock = self._lock
        if not _valid_wait(blocking, timeout):
            return lock.acquire(blocking, timeout)
        if lock.acquire(False):
            self._count += 1
            _op('lock.acquired', self._lab_id, self._count)
            return True
        if not blocking:
            _op('lock.timedOut', self._lab_id, 0)
            return False
        if _contended_acquire(lock.acquire, self._lab_id, timeout):
            self._count = 1
            return True
        return False

    __enter__ = acquire

    def release(self):
        if _stepping.on:
            _stepping.hold(self._lab_id, 'release')
        lock = self._lock
        if lock._is_owned():
            self._count -= 1
            _op('lock.released', self._lab_id, self._count)
        lock.release()

    def __exit__(self, *exc_info):
        self.release()

    def _is_owned(self):
        return self._lock._is_owned()

    def _release_save(self):
        lock = self._lock
        if lock._is_owned():
            _op('lock.released', self._lab_id, 0)
            self._count = 0
        return lock._release_save()

    def _acquire_restore(self, state):
        # The same end state as the real _acquire_restore (held by this thread, `count` deep), reached
        # through acquires so that a contended reacquire after Condition.wait is seen as one.
        count = state[0]
        lock = self._lock
        waited = not lock.acquire(False)
        if waited:
            _op('lock.waiting', self._lab_id, -1)
            _flush()
            lock.acquire()
        for _ in range(count - 1):
            lock.acquire()
        self._count = count
        (wire.op_after_wait if waited else _op)('lock.acquired', self._lab_id, count)

    def _recursion_count(self):
        return self._count if self._lock._is_owned() else 0

    def _at_fork_reinit(self):
        self._lock._at_fork_reinit()
        self._count = 0

    def __reduce_ex__(self, protocol):
        return self._lock.__reduce_ex__(protocol)

    def __getattr__(self, name):
        return getattr(self._lock, name)

    def __repr__(self):
        return repr(self._lock).replace('_thread.RLock', 'concurrency_lab.ObservedRLock', 1)


def observed_rlock(frame, label):
    lock = ObservedRLock(0)
    lock._lab_id = registry.announce(lock, 'RLock', frame, {}, label)
    return lock


def make_lock_factory(raw_factory):
    def Lock(*args, **kwargs):
        frame = creation.program_frame(1)
        if frame is None or args or kwargs:
            return raw_factory(*args, **kwargs)  # the stdlib's own, or the real one's TypeError
        lock = ObservedLock(0)
        lock._lab_id = registry.announce(lock, 'Lock', frame, {})
        return lock

    _named_as_threading(Lock, raw_factory)
    return Lock


def make_rlock_factory(raw_factory):
    def RLock(*args, **kwargs):
        frame = creation.program_frame(1)
        if frame is None or args or kwargs or _raw_rlock is None:
            return raw_factory(*args, **kwargs)
        return observed_rlock(frame, None)

    _named_as_threading(RLock, raw_factory)
    return RLock


def _named_as_threading(factory, raw_factory):
    """threading.Lock by name: pickle finds it there (a spawned Manager's registry pickles threading.Lock),
    and a child unpickles whichever threading.Lock it has."""
    factory.__doc__ = getattr(raw_factory, '__doc__', None)
    factory.__module__ = 'threading'
    factory.__name__ = factory.__qualname__ = raw_factory.__name__ if raw_factory.__name__ in ('Lock', 'RLock') else factory.__name__
