"""threading.Semaphore and threading.BoundedSemaphore, observed, with the real classes' own code.

The counter is a property: the real acquire and release change `_value` under the semaphore's condition,
so each change is reported right there, in the order the semaphore saw them (`semaphore.acquired` with the
units left, `semaphore.released` with the units given). A wait goes through the real condition's wait,
which this class's condition reports once per acquire, then flushes, before the thread sleeps.
"""

import _thread

from . import observed_class, registry, stepping as _stepping, wire
from .locks import timeout_arg

_op = wire.op
_get_ident = _thread.get_ident


def make_semaphores(threading):
    base_semaphore = threading.Semaphore
    base_bounded = threading.BoundedSemaphore
    base_condition = threading.Condition

    class _WaitReportingCondition(base_condition):
        """The semaphore's own condition: its first wait in an acquire says `semaphore.waiting` and flushes."""

        def __init__(self, lock, semaphore):
            base_condition.__init__(self, lock)
            self._lab_semaphore = semaphore

        def wait(self, timeout=None):
            semaphore = self._lab_semaphore
            ident = _get_ident()
            if ident not in semaphore._lab_waiting:
                semaphore._lab_waiting.add(ident)
                _op('semaphore.waiting', semaphore._lab_id, timeout_arg(timeout))
                wire.flush()
            return base_condition.wait(self, timeout)

    class _Observation:
        _lab_id = observed_class.NOT_OBSERVED
        _lab_base = None

        def _observe(self, value):
            frame = observed_class.creating_frame(self)
            if frame is None:
                return
            self._lab_waiting = set()
            self._cond = _WaitReportingCondition(self._cond._lock, self)
            self._lab_id = registry.announce(self, self._lab_kind, frame, {'value': value})

        @property
        def _value(self):
            return self._lab_value

        @_value.setter
        def _value(self, value):
            old = self.__dict__.get('_lab_value')
            self._lab_value = value
            if old is not None and self._lab_id is not None:
                if value < old:
                    _op('semaphore.acquired', self._lab_id, value)
                elif value > old:
                    _op('semaphore.released', self._lab_id, value - old)

        def acquire(self, blocking=True, timeout=None):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'acquire')
            got = self._lab_base.acquire(self, blocking, timeout)
            if self._lab_id is not None:
                waited = self._lab_waiting
                ident = _get_ident()
                if ident in waited:
                    waited.discard(ident)
                    if not got:
                        _op('semaphore.timedOut', self._lab_id, 0)
                elif not got:
                    _op('semaphore.timedOut', self._lab_id, 0)
            return got

        __enter__ = acquire

        def release(self, n=1):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'release')
            return self._lab_base.release(self, n)

    class Semaphore(_Observation, base_semaphore):
        __doc__ = base_semaphore.__doc__
        _lab_base = base_semaphore
        _lab_kind = 'Semaphore'

        def __init__(self, value=1):
            base_semaphore.__init__(self, value)
            self._observe(value)

    class BoundedSemaphore(_Observation, base_bounded):
        __doc__ = base_bounded.__doc__
        _lab_base = base_bounded
        _lab_kind = 'BoundedSemaphore'

        def __init__(self, value=1):
            base_bounded.__init__(self, value)
            self._observe(value)

    for cls, base in ((Semaphore, base_semaphore), (BoundedSemaphore, base_bounded)):
        observed_class.adopt(cls, base)
    return Semaphore, BoundedSemaphore
