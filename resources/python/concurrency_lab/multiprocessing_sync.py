"""multiprocessing's Lock, RLock, Semaphore, BoundedSemaphore (SemLock), Event, Condition and Barrier, observed.

Every process that holds one reports it with the same `shared` key (the semaphore's name, or where it lives
when a fork context unlinked the name at once), so the lab folds every process's view into one primitive.
A SemLock's acquire and release are the instance's own attributes (SemLock._make_methods): they become
wrappers that try without blocking first, and say `lock.waiting` / `semaphore.waiting` and flush before a
blocking acquire, as the threading ones do. A spawned child learns from the pickled state that the parent
observed it (and its label); a forked child has it in memory and re-announces it.
"""

import os

from . import creation, multiprocessing_state, registry, wire
from .locks import timeout_arg

_op = wire.op
_flush = wire.flush
_MARK = multiprocessing_state.MARK


def _kind_of(semlock_object):
    name = type(semlock_object).__name__
    return name if name in ('Lock', 'RLock', 'Semaphore', 'BoundedSemaphore') else None


def shared_key(semlock):
    name = getattr(semlock, 'name', None)
    if name:
        return name
    return 'sem@%d:%x' % (os.getpid(), semlock.handle)


def units(semlock):
    try:
        return semlock._get_value()
    except (NotImplementedError, OSError):
        return 0


def _wrappers(semlock, lab_id, kind):
    """acquire and release for one SemLock; they hold the C semlock, not the Python object (no cycle)."""
    real_acquire = semlock.acquire
    real_release = semlock.release
    if kind in ('Lock', 'RLock'):
        acquired_op, waiting_op, timed_out_op = 'lock.acquired', 'lock.waiting', 'lock.timedOut'

        def count():
            return semlock._count() if kind == 'RLock' else 1
    else:
        acquired_op, waiting_op, timed_out_op = 'semaphore.acquired', 'semaphore.waiting', 'semaphore.timedOut'

        def count():
            return units(semlock)

    def acquire(block=True, timeout=None):
        if timeout is not None and type(timeout) not in (int, float):
            return real_acquire(block, timeout)  # the real one's error
        if real_acquire(False):
            _op(acquired_op, lab_id, count())
            return True
        if not block:
            _op(timed_out_op, lab_id, 0)
            return False
        _op(waiting_op, lab_id, timeout_arg(timeout))
        _flush()
        if real_acquire(True, timeout):
            wire.op_after_wait(acquired_op, lab_id, count())
            return True
        _op(timed_out_op, lab_id, 0)
        return False

    def release():
        if kind == 'Lock':
            _op('lock.released', lab_id, 0)
        elif kind == 'RLock':
            if semlock._is_mine():
                _op('lock.released', lab_id, semlock._count() - 1)
        elif kind == 'Semaphore' or units(semlock) < semlock.maxvalue:
            _op('semaphore.released', lab_id, 1)
        return real_release()

    return acquire, release


def patch(module):
    semlock_class = module.SemLock
    real_init = semlock_class.__init__
    real_make_methods = semlock_class._make_methods
    real_getstate = semlock_class.__getstate__
    real_setstate = semlock_class.__setstate__

    def observe(self, kind, frame, label=None):
        sl = self._semlock
        params = {'shared': shared_key(sl)}
        if kind in ('Semaphore', 'BoundedSemaphore'):
            params['value'] = units(sl)
        lab_id = registry.announce(self, kind, frame, params, label)
        self._lab = (lab_id, kind, registry.label_of(lab_id))
        self.acquire, self.release = _wrappers(sl, lab_id, kind)

    def __init__(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        try:
            kind = _kind_of(self)
            frame = creation.program_frame_for(self, 1) if kind is not None else None
            if frame is not None:
                observe(self, kind, frame)
        except Exception:  # noqa: BLE001 (unobserved, never broken)
            pass

    def _make_methods(self):
        real_make_methods(self)
        lab = self.__dict__.get('_lab')
        if lab is not None:
            self.acquire, self.release = _wrappers(self._semlock, lab[0], lab[1])

    def __getstate__(self):
        state = real_getstate(self)
        lab = self.__dict__.get('_lab')
        return state if lab is None else tuple(state) + ((_MARK, lab[1], lab[2]),)

    def __setstate__(self, state):
        mark = state[-1] if len(state) == 5 and isinstance(state[-1], tuple) and state[-1][:1] == (_MARK,) else None
        real_setstate(self, state[:4] if mark is not None else state)
        if mark is not None:
            try:
                observe(self, mark[1], None, mark[2])
            except Exception:  # noqa: BLE001
                pass

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        return self.release()

    semlock_class.__init__ = __init__
    semlock_class._make_methods = _make_methods
    semlock_class.__getstate__ = __getstate__
    semlock_class.__setstate__ = __setstate__
    semlock_class.__enter__ = __enter__
    semlock_class.__exit__ = __exit__
    _patch_event(module)
    _patch_condition(module)
    _patch_barrier(module)


def _patch_event(module):
    event_class = module.Event
    real_init, real_set, real_clear, real_wait = event_class.__init__, event_class.set, event_class.clear, event_class.wait

    def __init__(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        frame = creation.program_frame_for(self, 1)
        if frame is not None:
            self._lab_id = registry.announce(self, 'Event', frame, {'shared': shared_key(self._flag._semlock)})

    def set(self):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            _op('event.set', lab_id, 0)
        return real_set(self)

    def clear(self):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            _op('event.clear', lab_id, 0)
        return real_clear(self)

    def wait(self, timeout=None):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None or self.is_set():
            return real_wait(self, timeout)
        _op('event.wait', lab_id, timeout_arg(timeout))
        _flush()
        signaled = real_wait(self, timeout)
        _op('event.woken' if signaled else 'event.timedOut', lab_id, 0)
        return signaled

    event_class.__init__, event_class.set, event_class.clear, event_class.wait = __init__, set, clear, wait
    _carry_lab_id(event_class)


def _patch_condition(module):
    condition_class = module.Condition
    real_init, real_wait, real_notify = condition_class.__init__, condition_class.wait, condition_class.notify

    def __init__(self, lock=None, *, ctx):
        real_init(self, lock, ctx=ctx)
        frame = creation.program_frame_for(self, 1)
        if frame is not None:
            lock_lab = self._lock.__dict__.get('_lab')
            params = {'shared': shared_key(self._sleeping_count._semlock)}
            if lock_lab is not None:
                params['lock'] = lock_lab[0]
            self._lab_id = registry.announce(self, 'Condition', frame, params)

    def wait(self, timeout=None):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is None:
            return real_wait(self, timeout)
        _op('condition.wait', lab_id, timeout_arg(timeout))
        _flush()
        woken = real_wait(self, timeout)
        _op('condition.woken' if woken else 'condition.timedOut', lab_id, 0)
        return woken

    def notify(self, n=1):
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            _op('condition.notify', lab_id, 0)
        return real_notify(self, n)

    condition_class.__init__, condition_class.wait, condition_class.notify = __init__, wait, notify
    _carry_lab_id(condition_class)


def _patch_barrier(module):
    """multiprocessing's Barrier is threading's (the shim's subclass, when multiprocessing is imported after
    the shim installed) on a shared Condition: given an id, the threading Barrier's facts are its facts."""
    barrier_class = module.Barrier
    real_init = barrier_class.__init__

    def __init__(self, *args, **kwargs):
        self.__dict__.pop('_lab_frame', None)  # the threading subclass's __new__ left it: never kept
        real_init(self, *args, **kwargs)
        frame = creation.program_frame_for(self, 1)
        if frame is not None and hasattr(type(self), '_lab_id'):
            self._lab_id = registry.announce(self, 'Barrier', frame, {'parties': self._parties, 'shared': shared_key(self._cond._lock._semlock)})

    barrier_class.__init__ = __init__
    multiprocessing_state.carry_lab_id(barrier_class, 'Barrier', lambda self: shared_key(self._cond._lock._semlock))


def _carry_lab_id(cls):
    """A spawned child announces the Event or Condition it was handed under the shared key of its semaphore."""
    key = (lambda self: shared_key(self._flag._semlock)) if cls.__name__ == 'Event' else (lambda self: shared_key(self._sleeping_count._semlock))
    multiprocessing_state.carry_lab_id(cls, cls.__name__, key)
