"""threading.Event, Condition, Barrier and Timer, observed.

Event's three methods are the real ones' few lines with a fact each, under the event's own condition (so
`event.set` counts the waiters it wakes exactly). Condition and Barrier keep the real code and are told
from its own seams: a Condition's `_release_save` (the lock is released, then `condition.wait` is said and
flushed, then the thread sleeps), a Barrier's `_release` (trip) and `_break`. Timer is a Thread whose `run`
is the real one's with `timer.fired`.
"""

from . import creation, locks, observed_class, registry, stepping as _stepping, wire

_op = wire.op
_flush = wire.flush
timeout_arg = locks.timeout_arg


def make_signals(threading):
    base_event = threading.Event
    base_condition = threading.Condition
    base_barrier = threading.Barrier
    base_timer = threading.Timer

    class Event(base_event):
        __doc__ = base_event.__doc__
        _lab_id = observed_class.NOT_OBSERVED

        def __init__(self):
            base_event.__init__(self)
            frame = observed_class.creating_frame(self)
            if frame is not None:
                self._lab_id = registry.announce(self, 'Event', frame, {})

        def set(self):
            if self._lab_id is None:
                return base_event.set(self)
            if _stepping.on:
                _stepping.hold(self._lab_id, 'set')
            with self._cond:
                woken = 0 if self._flag else len(self._cond._waiters)
                _op('event.set', self._lab_id, woken)
                self._flag = True
                self._cond.notify_all()

        def clear(self):
            if self._lab_id is None:
                return base_event.clear(self)
            if _stepping.on:
                _stepping.hold(self._lab_id, 'clear')
            with self._cond:
                _op('event.clear', self._lab_id, 0)
                self._flag = False

        def wait(self, timeout=None):
            if self._lab_id is None:
                return base_event.wait(self, timeout)
            if _stepping.on:
                _stepping.hold(self._lab_id, 'wait')
            with self._cond:
                signaled = self._flag
                if not signaled:
                    _op('event.wait', self._lab_id, timeout_arg(timeout))
                    _flush()
                    signaled = self._cond.wait(timeout)
                    _op('event.woken' if signaled else 'event.timedOut', self._lab_id, 0)
                return signaled

    class Condition(base_condition):
        __doc__ = base_condition.__doc__
        _lab_id = observed_class.NOT_OBSERVED
        _lab_release_save = None

        def __init__(self, lock=None):
            frame = observed_class.creating_frame(self)
            if frame is None:
                return base_condition.__init__(self, lock)
            label, _file, _line = creation.where(frame)
            if lock is None:
                # Its own RLock, observed as `<name>.lock` (the lab's name for a Condition's own lock).
                lock = locks.observed_rlock(frame, (label + '.lock')[:40] if label else None)
            base_condition.__init__(self, lock)
            lock_id = getattr(lock, '_lab_id', None)
            self._lab_timeout = -1
            self._lab_id = registry.announce(self, 'Condition', frame, {} if lock_id is None else {'lock': lock_id})
            # The lock's own _release_save (an RLock's), bound to the lock: no cycle back to this Condition.
            self._lab_release_save = self.__dict__.pop('_release_save', None)

        def _release_save(self):
            # The lock's `lock.released` first, then the wait, flushed, before the thread sleeps.
            if self._lab_id is None:
                return base_condition._release_save(self)
            inner = self._lab_release_save
            state = inner() if inner is not None else base_condition._release_save(self)
            _op('condition.wait', self._lab_id, self._lab_timeout)
            _flush()
            return state

        def wait(self, timeout=None):
            if self._lab_id is None:
                return base_condition.wait(self, timeout)
            if _stepping.on:
                _stepping.hold(self._lab_id, 'wait')
            self._lab_timeout = timeout_arg(timeout)
            woken = base_condition.wait(self, timeout)
            _op('condition.woken' if woken else 'condition.timedOut', self._lab_id, 0)
            return woken

        def notify(self, n=1):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'notify')
            # notify_all is the real one, which calls this: held here once, as `notify`.
            if self._lab_id is not None and self._is_owned():
                _op('condition.notify', self._lab_id, min(max(n, 0), len(self._waiters)) if type(n) is int else 0)
            return base_condition.notify(self, n)

    class Barrier(base_barrier):
        __doc__ = base_barrier.__doc__
        _lab_id = observed_class.NOT_OBSERVED

        def __init__(self, parties, action=None, timeout=None):
            base_barrier.__init__(self, parties, action, timeout)
            frame = observed_class.creating_frame(self)
            if frame is not None:
                self._lab_id = registry.announce(self, 'Barrier', frame, {'parties': parties})

        def wait(self, timeout=None):
            if self._lab_id is not None:
                if _stepping.on:
                    _stepping.hold(self._lab_id, 'wait')
                _op('barrier.arrive', self._lab_id, timeout_arg(self._timeout if timeout is None else timeout))
                _flush()
            return base_barrier.wait(self, timeout)

        def _release(self):
            if self._lab_id is not None:
                _op('barrier.trip', self._lab_id, self._parties)
            return base_barrier._release(self)

        def _break(self):
            if self._lab_id is not None and self._state != -2:
                _op('barrier.broken', self._lab_id, 0)
            return base_barrier._break(self)

        def reset(self):
            if self._lab_id is not None:
                _op('barrier.reset', self._lab_id, 0)
            return base_barrier.reset(self)

    class Timer(base_timer):
        __doc__ = base_timer.__doc__
        _lab_id = observed_class.NOT_OBSERVED

        def __init__(self, interval, function, args=None, kwargs=None):
            base_timer.__init__(self, interval, function, args, kwargs)
            frame = observed_class.creating_frame(self)
            if frame is not None:
                self._lab_id = registry.announce(self, 'Timer', frame, {'interval': interval})

        def start(self):
            if self._lab_id is not None and not self._started.is_set():
                _op('timer.start', self._lab_id, 0)
            return base_timer.start(self)

        def cancel(self):
            if self._lab_id is not None and not self.finished.is_set():
                _op('timer.cancel', self._lab_id, 0)
            return base_timer.cancel(self)

        def run(self):
            if self._lab_id is None:
                return base_timer.run(self)
            _flush()
            self.finished.wait(self.interval)
            if not self.finished.is_set():
                _op('timer.fired', self._lab_id, 0)
                self.function(*self.args, **self.kwargs)
            self.finished.set()

    for cls, base in ((Event, base_event), (Condition, base_condition), (Barrier, base_barrier), (Timer, base_timer)):
        observed_class.adopt(cls, base)
    return Event, Condition, Barrier, Timer
