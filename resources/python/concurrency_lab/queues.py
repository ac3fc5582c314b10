"""queue.Queue, LifoQueue, PriorityQueue and SimpleQueue, observed.

The pure-Python queues keep the real put, get and join: their `_put` and `_get` (called under the queue's
mutex) report each item with the depth after, in the queue's own order, and their three conditions are
this module's, whose first wait in a call says `queue.fullWait` / `queue.emptyWait` / `queue.join` and
flushes before the thread sleeps. task_done is the real one's few lines with its fact inside the mutex.
SimpleQueue (C) is tried without blocking first; only an empty one is waited on, after its fact.
"""

import _thread

from . import observed_class, registry, stepping as _stepping, wire
from .locks import timeout_arg

_op = wire.op
_get_ident = _thread.get_ident


def make_queues(queue, threading):
    base_condition = threading.Condition
    ShutDown = getattr(queue, 'ShutDown', None)

    class _WaitReportingCondition(base_condition):
        """One of an observed queue's three conditions: the first wait of a call says it and flushes; a wait
        that times out says `queue.timedOut` (the real put or get raises Full or Empty next), one that an
        exception ends says `wait.ended`; the item's own put or get ends the others."""

        def __init__(self, lock, owner, wait_op):
            base_condition.__init__(self, lock)
            self._lab_owner = owner
            self._lab_op = wait_op

        def wait(self, timeout=None):
            owner = self._lab_owner
            ident = _get_ident()
            waiting = owner._lab_waiting
            if ident not in waiting:
                waiting.add(ident)
                _op(self._lab_op, owner._lab_id, timeout_arg(timeout) if self._lab_op != 'queue.join' else 0)
                wire.flush()
            try:
                woken = base_condition.wait(self, timeout)
            except BaseException:
                waiting.discard(ident)
                _op('wait.ended', owner._lab_id, 0)
                raise
            if not woken and self._lab_op != 'queue.join':
                waiting.discard(ident)
                _op('queue.timedOut', owner._lab_id, 0)
            return woken

    class _Observation:
        _lab_id = observed_class.NOT_OBSERVED
        _lab_draining = False
        _lab_base = None

        def _lab_observe(self, kind, maxsize):
            frame = observed_class.creating_frame(self)
            if frame is None:
                return
            self._lab_waiting = set()
            self.not_empty = _WaitReportingCondition(self.mutex, self, 'queue.emptyWait')
            self.not_full = _WaitReportingCondition(self.mutex, self, 'queue.fullWait')
            self.all_tasks_done = _WaitReportingCondition(self.mutex, self, 'queue.join')
            self._lab_id = registry.announce(self, kind, frame, {'maxsize': maxsize})

        # put and get are the real ones (held first in step mode); _put and _get run under the queue's mutex.
        def put(self, item, block=True, timeout=None):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'put')
            return self._lab_base.put(self, item, block, timeout)

        def get(self, block=True, timeout=None):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'get')
            return self._lab_base.get(self, block, timeout)

        def _put(self, item):
            self._lab_base._put(self, item)
            lab_id = self._lab_id
            if lab_id is not None:
                if self._lab_waiting:
                    self._lab_waiting.discard(_get_ident())
                _op('queue.put', lab_id, self._qsize())

        def _get(self):
            item = self._lab_base._get(self)
            lab_id = self._lab_id
            if lab_id is not None and not self._lab_draining:
                if self._lab_waiting:
                    self._lab_waiting.discard(_get_ident())
                _op('queue.get', lab_id, self._qsize())
            return item

        def task_done(self):
            if self._lab_id is None:
                return super().task_done()
            with self.all_tasks_done:
                unfinished = self.unfinished_tasks - 1
                if unfinished <= 0:
                    if unfinished < 0:
                        raise ValueError('task_done() called too many times')
                    self.all_tasks_done.notify_all()
                self.unfinished_tasks = unfinished
                _op('queue.taskDone', self._lab_id, unfinished)

        def join(self):
            if self._lab_id is None:
                return super().join()
            super().join()
            ident = _get_ident()
            if ident in self._lab_waiting:
                self._lab_waiting.discard(ident)
                _op('queue.joined', self._lab_id, 0)

        if ShutDown is not None:

            def shutdown(self, immediate=False):
                if self._lab_id is None:
                    return super().shutdown(immediate)
                # An immediate shutdown's drained items are the shutdown's, not gets (the fold counts them so).
                self._lab_draining = True
                try:
                    super().shutdown(immediate)
                finally:
                    self._lab_draining = False
                _op('queue.shutdown', self._lab_id, self.qsize())
                # Parked putters and getters leave with ShutDown: their waits end here.
                for ident in list(self._lab_waiting):
                    self._lab_waiting.discard(ident)
                    wire.op_as(wire._tids.get(ident, 0), 'wait.ended', self._lab_id, 0)

    made = []
    for name in ('Queue', 'LifoQueue', 'PriorityQueue'):
        base = getattr(queue, name)

        def __init__(self, maxsize=0, _base=base, _kind=name):
            _base.__init__(self, maxsize)
            self._lab_observe(_kind, maxsize)

        cls = type(name, (_Observation, base), {'__init__': __init__, '__doc__': base.__doc__, '_lab_base': base})
        observed_class.adopt(cls, base)
        made.append(cls)

    made.append(_make_simple_queue(queue.SimpleQueue, queue.Empty))
    return made


def _make_simple_queue(base, Empty):
    class SimpleQueue(base):
        __doc__ = base.__doc__
        _lab_id = observed_class.NOT_OBSERVED

        def __init__(self):
            frame = observed_class.creating_frame(self)
            if frame is not None:
                self._lab_id = registry.announce(self, 'SimpleQueue', frame, {})

        def put(self, item, block=True, timeout=None):
            if _stepping.on and self._lab_id is not None:
                _stepping.hold(self._lab_id, 'put')
            base.put(self, item, block, timeout)
            if self._lab_id is not None:
                _op('queue.put', self._lab_id, base.qsize(self))

        def put_nowait(self, item):
            self.put(item, False)

        def get(self, block=True, timeout=None):
            if self._lab_id is None:
                return base.get(self, block, timeout)
            if _stepping.on:
                _stepping.hold(self._lab_id, 'get')
            if block and timeout is not None and not (type(timeout) in (int, float) and timeout >= 0):
                return base.get(self, block, timeout)  # the real one's error
            try:
                item = base.get(self, False)
            except Empty:
                if not block:
                    raise
                _op('queue.emptyWait', self._lab_id, timeout_arg(timeout))
                wire.flush()
                try:
                    item = base.get(self, True, timeout)
                except Empty:
                    _op('queue.timedOut', self._lab_id, 0)
                    raise
                except BaseException:
                    _op('wait.ended', self._lab_id, 0)
                    raise
            _op('queue.get', self._lab_id, base.qsize(self))
            return item

        def get_nowait(self):
            return self.get(False)

    observed_class.adopt(SimpleQueue, base)
    return SimpleQueue
