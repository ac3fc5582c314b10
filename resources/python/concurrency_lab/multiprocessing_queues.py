"""multiprocessing's Queue, JoinableQueue and SimpleQueue, observed: put and get with the depth after (the
queue's semaphore, shared by every process), a wait said and flushed before a put on a full queue or a get
on an empty one blocks, task_done and join for a JoinableQueue.

Depth is what the queue's own qsize() says (items put, not yet got, whether or not the feeder thread has
written them to the pipe yet); a SimpleQueue has no count, so its facts carry depth 0.
"""

from . import creation, multiprocessing_state, registry, wire
from .locks import timeout_arg
from .multiprocessing_sync import shared_key, units

_op = wire.op
_flush = wire.flush


def _depth(queue):
    try:
        return queue.qsize()
    except (NotImplementedError, OSError):
        return 0


def patch(module):
    from queue import Empty, Full

    queue_class, joinable_class, simple_class = module.Queue, module.JoinableQueue, module.SimpleQueue

    real_init = queue_class.__init__

    def __init__(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        frame = creation.program_frame_for(self, 1)
        if frame is not None:
            kind = 'JoinableQueue' if isinstance(self, joinable_class) else 'Queue'
            maxsize = self._maxsize if self._maxsize < (1 << 31) - 1 else 0
            self._lab_id = registry.announce(self, kind, frame, {'maxsize': maxsize, 'shared': shared_key(self._sem._semlock)})

    queue_class.__init__ = __init__
    for cls in (queue_class, joinable_class):
        _patch_put_get(cls, Full, Empty)
    # JoinableQueue's state is Queue's and two more: carried once, by Queue's.
    multiprocessing_state.carry_lab_id(
        queue_class, lambda self: 'JoinableQueue' if isinstance(self, joinable_class) else 'Queue', lambda self: shared_key(self._sem._semlock)
    )
    _patch_joinable(joinable_class)
    _patch_simple(simple_class)


def _patch_put_get(cls, Full, Empty):
    # JoinableQueue has a put of its own and Queue's get: each method is wrapped once, where it is defined.
    real_put = cls.__dict__.get('put')
    real_get = cls.__dict__.get('get')

    def put(self, obj, block=True, timeout=None):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None:
            return real_put(self, obj, block, timeout)
        waited = False
        if block and not self._closed and units(self._sem._semlock) == 0:
            _op('queue.fullWait', lab_id, timeout_arg(timeout))
            _flush()
            waited = True
        try:
            real_put(self, obj, block, timeout)
        except BaseException as error:
            if waited:
                _op('queue.timedOut' if isinstance(error, Full) else 'wait.ended', lab_id, 0)
            raise
        _op('queue.put', lab_id, _depth(self))

    def get(self, block=True, timeout=None):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None:
            return real_get(self, block, timeout)
        waited = False
        if block and not self._closed and not self._poll():
            _op('queue.emptyWait', lab_id, timeout_arg(timeout))
            _flush()
            waited = True
        try:
            item = real_get(self, block, timeout)
        except BaseException as error:
            if waited:
                _op('queue.timedOut' if isinstance(error, Empty) else 'wait.ended', lab_id, 0)
            raise
        _op('queue.get', lab_id, _depth(self))
        return item

    if real_put is not None:
        cls.put = put
    if real_get is not None:
        cls.get = get


def _patch_joinable(cls):
    real_task_done, real_join = cls.task_done, cls.join

    def task_done(self):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None:
            return real_task_done(self)
        # The count is read, and the fact timed, under the condition task_done itself decrements under (an
        # RLock): two processes' task_done at once would otherwise both read the lower count, or the fact
        # later in time carry the higher one, and the lab would fold "1 unfinished" after the join returned.
        with self._cond:
            real_task_done(self)
            _op('queue.taskDone', lab_id, units(self._unfinished_tasks._semlock))

    def join(self):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None or self._unfinished_tasks._semlock._is_zero():
            return real_join(self)
        _op('queue.join', lab_id, 0)
        _flush()
        try:
            real_join(self)
        except BaseException:
            _op('wait.ended', lab_id, 0)
            raise
        _op('queue.joined', lab_id, 0)

    cls.task_done, cls.join = task_done, join


def _patch_simple(cls):
    real_init, real_put, real_get = cls.__init__, cls.put, cls.get

    def __init__(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        frame = creation.program_frame_for(self, 1)
        if frame is not None:
            self._lab_id = registry.announce(self, 'SimpleQueue', frame, {'shared': shared_key(self._rlock._semlock)})

    def put(self, obj):
        real_put(self, obj)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            _op('queue.put', lab_id, 0)

    def get(self):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None:
            return real_get(self)
        waited = self.empty()
        if waited:
            _op('queue.emptyWait', lab_id, -1)
            _flush()
        try:
            item = real_get(self)
        except BaseException:
            if waited:
                _op('wait.ended', lab_id, 0)
            raise
        _op('queue.get', lab_id, 0)
        return item

    cls.__init__, cls.put, cls.get = __init__, put, get
    multiprocessing_state.carry_lab_id(cls, 'SimpleQueue', lambda self: shared_key(self._rlock._semlock))
