"""Python's own pools, told from the process that owns them (docs/python-wire.md, "Pools and their tasks"):
multiprocessing's Pool and ThreadPool, concurrent.futures' ThreadPoolExecutor and ProcessPoolExecutor.

Everything is seen from the parent's side, where the task queue and the results live: a task's submit (the
caller's thread), its send to the workers (a Pool's task handler thread, an executor's manager thread), its
end and its callback (the result handler thread, or the thread that finished a future). A thread pool's
worker threads live here too, so "running on worker N" is told for them; a process pool's worker is another
process, and its tasks go from "sent" to their end (the host is told which processes hold which slot).

No thread is added, no call changes what it returns or raises: each patch runs the real method and tells
what it did, from the pool's own seams (`_quick_put`, `ApplyResult._set`, `Future.set_result`...). A pool
the standard library made for itself stays unobserved, at the cost of one attribute look-up per task.
"""

import _thread
import itertools
import os
import weakref

from . import creation, wire

#: How a pool's kind is said on the wire.
POOL, THREAD_POOL, THREAD_EXECUTOR, PROCESS_EXECUTOR = 'pool', 'thread-pool', 'thread-executor', 'process-executor'
#: A pool's tasks followed at once; past it, new tasks are not told (their pool's counts say less, never wrong steps).
IN_FLIGHT_MAX = 100_000
_DETAIL_MAX = 200

_pool_ids = itertools.count(1)
_get_ident = _thread.get_ident
#: ident of a thread inside an observed executor's submit -> that executor's record (its _WorkItem is made there).
_submitting = {}
#: id() of a Pool's worker list -> its record (the worker handler repopulates the list, not the Pool).
_by_workers = {}


class _Record:
    """One observed pool: its id on the wire, its task ids, its slots."""

    __slots__ = ('id', 'api', 'label', 'file', 'line', 'announced', 'tasks', 'jobs', 'slots', 'thread_slots', 'state', 'ids', 'known_workers')

    def __init__(self, api, frame):
        self.id = next(_pool_ids)
        self.api = api
        label, self.file, self.line = creation.where(frame)
        self.label = label or _with_target(frame) or '%s-%d' % (api, self.id)
        self.announced = False
        #: Pool: (job, chunk) -> task id, while in flight.
        self.tasks = {}
        #: Pool: job -> (submit time, chunks or None, fn name), from the submitting call.
        self.jobs = {}
        #: worker (process or thread object) id() -> slot.
        self.slots = {}
        #: native thread id -> slot (a thread pool's workers).
        self.thread_slots = {}
        #: worker id() -> a weak reference to it, while it holds its slot (a strong one would keep a
        #: Process object alive past its pool: multiprocessing's own dangling-process checks see that).
        self.known_workers = {}
        self.state = 'running'
        self.ids = itertools.count(1)

    def announce(self, size, max_tasks):
        if self.announced:
            return
        self.announced = True
        size = size if type(size) is int and size >= 1 else 1
        max_tasks = max_tasks if type(max_tasks) is int and max_tasks >= 1 else None
        wire.fact('pool.new', wire.now_ms(), self.id, self.api, wire.bounded(self.label, 200), self.file[-1000:],
                  min(max(self.line, 0), 2 ** 31 - 1), min(size, 2 ** 31 - 1), max_tasks and min(max_tasks, 2 ** 31 - 1))

    def step(self, task_id, step, slot=None, text=None, chunk=None, t=None):
        wire.fact('task.step', wire.now_ms() if t is None else t, self.id, task_id, step, slot,
                  None if text is None else wire.bounded(text, _DETAIL_MAX), chunk)

    def set_state(self, state, reason=None):
        if self.state == state or self.state in ('ended', 'broken'):
            return  # a broken executor stays broken after its shutdown
        self.state = state
        wire.fact('pool.state', wire.now_ms(), self.id, state, None if reason is None else wire.bounded(reason, 2000))

    def slot_of_this_thread(self):
        """The slot of the worker thread running now; one that has not been counted yet takes one (an
        executor's new thread may run its first task before `_adjust_thread_count` has added it)."""
        tid = wire.thread_id()
        slot = self.thread_slots.get(tid)
        if slot is None:
            import threading

            self.workers(list(self._known()) + [threading.current_thread()], lambda worker: None, _thread_id_of, keep=True)
            slot = self.thread_slots.get(tid)
        return slot

    def _known(self):
        return [worker for worker in (reference() for reference in self.known_workers.values()) if worker is not None]

    def workers(self, present, pid_of, tid_of, keep=False):
        """The workers now: a departed one frees its slot, a new one takes the lowest free slot. Keyed by
        id() and checked by weak reference: a new worker may get a gone one's id."""
        alive = {id(worker): worker for worker in present}
        for key in list(self.slots):
            reference = self.known_workers.get(key)
            held = reference() if reference is not None else None
            if keep and held is not None:
                continue
            if alive.get(key) is not None and held is alive[key]:
                continue
            slot = self.slots.pop(key)
            self.known_workers.pop(key, None)
            for tid in [tid for tid, owner in self.thread_slots.items() if owner == slot]:
                del self.thread_slots[tid]
        taken = set(self.slots.values())
        for worker in present:
            if id(worker) in self.slots:
                continue
            slot = 1
            while slot in taken:
                slot += 1
            taken.add(slot)
            self.slots[id(worker)] = slot
            self.known_workers[id(worker)] = weakref.ref(worker)
            tid = tid_of(worker)
            if tid is not None:
                self.thread_slots[tid] = slot
            pid = pid_of(worker)
            wire.fact('pool.worker', wire.now_ms(), self.id, slot, pid if type(pid) is int else os.getpid(), tid)


def _with_target(frame):
    """`with Pool(2) as pool:` names the pool `pool` (creation.where reads assignments only)."""
    try:
        import linecache

        text = linecache.getline(frame.f_code.co_filename, frame.f_lineno or 0) if not frame.f_code.co_filename.startswith('<') else ''
        if not text:
            text = creation._source_line(frame.f_code.co_filename, frame.f_lineno or 0)
    except Exception:  # noqa: BLE001 (a label is a nicety)
        return None
    text = text.strip()
    if not text.startswith('with ') or ' as ' not in text:
        return None
    name = text.rsplit(' as ', 1)[1].rstrip(':').strip()
    return name[:40] if name and set(name) <= creation._NAME_CHARS and not name[0].isdigit() else None


def _failure(error):
    try:
        return '%s: %s' % (type(error).__name__, error) if str(error) else type(error).__name__
    except Exception:  # noqa: BLE001 (an exception whose str raises)
        return type(error).__name__


def _fn_name(fn):
    name = getattr(fn, '__name__', None)
    return name if isinstance(name, str) else type(fn).__name__


def _quietly(tell):
    """Runs a telling; the shim's own trouble never reaches the program."""
    try:
        tell()
    except Exception:  # noqa: BLE001
        pass


def _record_of(frame_depth, obj, api):
    frame = creation.program_frame_for(obj, frame_depth + 1, plumbing=('concurrent' + os.sep + 'futures' + os.sep + 'process.py',))
    return None if frame is None else _Record(api, frame)


# ---- multiprocessing.pool ------------------------------------------------------------------------


def patch_pool(module):
    pool_class = module.Pool
    thread_pool = module.ThreadPool
    real_init = pool_class.__init__
    real_setup = pool_class._setup_queues
    real_repopulate = pool_class._repopulate_pool_static
    real_repopulate_method = pool_class._repopulate_pool
    real_thread_setup = thread_pool._setup_queues
    real_apply = pool_class.apply_async
    real_map = pool_class._map_async
    real_imap, real_unordered = pool_class.imap, pool_class.imap_unordered
    real_close, real_terminate, real_join = pool_class.close, pool_class.terminate, pool_class.join
    mapstar, starmapstar = module.mapstar, module.starmapstar

    def __init__(self, *args, **kwargs):
        self._lab_pool = None
        _quietly(lambda: setattr(self, '_lab_pool', _record_of(1, self, THREAD_POOL if isinstance(self, thread_pool) else POOL)))
        real_init(self, *args, **kwargs)

    def _setup_queues(self):
        (real_thread_setup if isinstance(self, thread_pool) else real_setup)(self)
        record = getattr(self, '_lab_pool', None)
        if record is None:
            return
        put = self._quick_put

        def _quick_put(task):
            if task is not None:
                _quietly(lambda: _sent(record, task))
                # Said before the send, which may block: and so before its worker can say it runs it.
                wire.flush()
            return put(task)

        self._quick_put = _quick_put
        if isinstance(self, thread_pool):
            self._inqueue = _TakenHere(self._inqueue, record)

    def _repopulate_pool_static(ctx, Process, processes, pool, *args, **kwargs):
        try:
            return real_repopulate(ctx, Process, processes, pool, *args, **kwargs)
        finally:
            record = _by_workers.get(id(pool))
            if record is not None:
                _quietly(lambda: record.workers(list(pool), lambda worker: getattr(worker, 'pid', None), _thread_id_of))

    def _repopulate_pool(self):
        # Called once __init__ has checked its arguments: a Pool(0) that raises is never announced.
        record = getattr(self, '_lab_pool', None)
        if record is not None and not record.announced:
            _by_workers[id(self._pool)] = record
            _quietly(lambda: record.announce(self._processes, self._maxtasksperchild))
        return real_repopulate_method(self)

    def submitted(self, result, fn, chunks):
        record = getattr(self, '_lab_pool', None)
        # imap with a chunksize returns a generator over its IMapIterator: no job to read (its chunks still
        # say their function and map when they are sent).
        job = getattr(result, '_job', None)
        if record is not None and type(job) is int:
            record.jobs[job] = (wire.now_ms(), chunks, _fn_name(fn))
        return result

    def apply_async(self, func, *args, **kwargs):
        return submitted(self, real_apply(self, func, *args, **kwargs), func, None)

    def _map_async(self, func, iterable, mapper, *args, **kwargs):
        result = real_map(self, func, iterable, mapper, *args, **kwargs)
        return submitted(self, result, func, getattr(result, '_number_left', None))

    def imap(self, func, *args, **kwargs):
        return submitted(self, real_imap(self, func, *args, **kwargs), func, 0)

    def imap_unordered(self, func, *args, **kwargs):
        return submitted(self, real_unordered(self, func, *args, **kwargs), func, 0)

    def close(self):
        real_close(self)
        record = getattr(self, '_lab_pool', None)
        if record is not None:
            _quietly(lambda: record.set_state('closed'))

    def terminate(self):
        record = getattr(self, '_lab_pool', None)
        if record is not None:
            _quietly(lambda: record.set_state('terminating'))
        real_terminate(self)
        if record is not None:
            _quietly(lambda: _ended(record, 'terminate() stopped its worker before its result came'))

    def join(self):
        real_join(self)
        record = getattr(self, '_lab_pool', None)
        if record is not None:
            _quietly(lambda: _ended(record, 'its pool ended before its result came'))

    def _sent(record, task):
        job, chunk, func = task[0], task[1], task[2]
        key = (job, chunk)
        if key in record.tasks or len(record.tasks) >= IN_FLIGHT_MAX:
            return
        task_id = next(record.ids)
        record.tasks[key] = task_id
        at, chunks, name = record.jobs.get(job, (None, func in (mapstar, starmapstar) or None, None))
        # A map's chunk is `mapstar((fn, items))`: its function and its items are inside its one argument.
        chunked = func in (mapstar, starmapstar) and len(task[3]) == 1 and len(task[3][0]) == 2
        if name is None:
            name = _fn_name(task[3][0][0] if chunked else func)
        items = len(task[3][0][1]) if chunked else 1
        # Which call and which chunk (a worker process says the same of the task it takes); whether it is a map's.
        call = [job + 1, chunk, max(items, 1), chunks is not None]
        record.step(task_id, 'submitted', None, name, call, t=at)
        record.step(task_id, 'queued', t=at)
        record.step(task_id, 'sent')

    _patch_worker(module, 'worker', 'pool-worker', lambda task: (task[0] + 1, task[1]))

    for cls in (module.ApplyResult, module.MapResult, module.IMapIterator, module.IMapUnorderedIterator):
        _patch_result(cls)

    pool_class.__init__ = __init__
    pool_class._setup_queues = _setup_queues
    thread_pool._setup_queues = _setup_queues
    pool_class._repopulate_pool_static = staticmethod(_repopulate_pool_static)
    pool_class._repopulate_pool = _repopulate_pool
    pool_class.apply_async = apply_async
    pool_class._map_async = _map_async
    pool_class.imap = imap
    pool_class.imap_unordered = imap_unordered
    pool_class.close = close
    pool_class.terminate = terminate
    pool_class.join = join


def _thread_id_of(worker):
    native = getattr(worker, 'native_id', None)
    return native if getattr(worker, 'pid', None) is None and type(native) is int else None


def _ended(record, why):
    for key in [key for key, held in _by_workers.items() if held is record]:
        del _by_workers[key]  # the list's id may be another's once it is gone
    for task_id in list(record.tasks.values()):
        record.step(task_id, 'lost', None, why)
    record.tasks.clear()
    record.jobs.clear()
    record.set_state('ended')
    wire.flush()


def _patch_result(cls):
    """A result's `_set(i, (success, value))`, called in the result handler thread: the chunk's end, then
    (when the real `_set` ran the caller's callback or error_callback) its callback step."""
    real_set = cls.__dict__.get('_set')
    if real_set is None:
        return

    def _set(self, i, obj):
        pool = getattr(self, '_pool', None)
        record = getattr(pool, '_lab_pool', None) if pool is not None else None
        task_id = None
        if record is not None:
            task_id = record.tasks.pop((self._job, i), None)
            if task_id is not None:
                _quietly(lambda: _end_of(record, task_id, obj))
        called = task_id is not None and _calls_back(self, obj)
        real_set(self, i, obj)
        if called:
            _quietly(lambda: record.step(task_id, 'callback'))
        if record is not None and getattr(self, '_pool', None) is None:
            record.jobs.pop(self._job, None)  # the call is over (its last chunk came)

    _set.__name__ = '_set'
    cls._set = _set


def _end_of(record, task_id, obj):
    try:
        success, value = obj
    except (TypeError, ValueError):
        return
    record.step(task_id, 'done' if success else 'failed', None, None if success else _failure(value))


def _calls_back(result, obj):
    """Whether this `_set` is the one that runs the caller's callback (before it runs: it changes the counts)."""
    callback, error_callback = getattr(result, '_callback', None), getattr(result, '_error_callback', None)
    if not callback and not error_callback:
        return False
    success = obj[0] if isinstance(obj, tuple) and obj else False
    left = getattr(result, '_number_left', None)
    if left is not None:  # a MapResult calls back once, with its last chunk
        return left == 1 and (bool(callback) if success and result._success else bool(error_callback))
    return bool(callback) if success else bool(error_callback)


class _TakenHere:
    """A ThreadPool's task queue as its worker threads see it: a task taken is running on that worker."""

    __slots__ = ('_queue', '_record')

    def __init__(self, queue, record):
        self._queue = queue
        self._record = record

    def get(self, *args, **kwargs):
        task = self._queue.get(*args, **kwargs)
        if task is not None and not args and not kwargs:
            _quietly(lambda: self._running(task))
        return task

    def _running(self, task):
        record = self._record
        task_id = record.tasks.get((task[0], task[1]))
        if task_id is not None:
            record.step(task_id, 'running', record.thread_slots.get(wire.thread_id()))

    def __getattr__(self, name):
        return getattr(self._queue, name)


# ---- concurrent.futures --------------------------------------------------------------------------


def patch_futures_base(module):
    """Future's transitions, for the futures of an observed executor only (each carries `_lab_task`)."""
    future = module.Future
    real_running, real_result, real_exception = future.set_running_or_notify_cancel, future.set_result, future.set_exception
    real_cancel, real_invoke, real_add = future.cancel, future._invoke_callbacks, future.add_done_callback
    pending = module.PENDING

    def set_running_or_notify_cancel(self):
        running = real_running(self)
        task = getattr(self, '_lab_task', None)
        if running and task is not None:
            record, task_id = task
            # A process executor's manager moves the future to the call queue: sent, its worker unknown here.
            if record.api == PROCESS_EXECUTOR:
                _quietly(lambda: record.step(task_id, 'sent'))
                wire.flush()  # before its worker can say it runs it
            else:
                _quietly(lambda: record.step(task_id, 'running', record.slot_of_this_thread()))
        return running

    def set_result(self, result):
        task = getattr(self, '_lab_task', None)
        if task is not None:
            _quietly(lambda: task[0].step(task[1], 'done'))
        return real_result(self, result)

    def set_exception(self, exception):
        task = getattr(self, '_lab_task', None)
        if task is not None:
            _quietly(lambda: _failed(task[0], task[1], exception))
        return real_exception(self, exception)

    def cancel(self):
        was = self._state
        cancelled = real_cancel(self)
        task = getattr(self, '_lab_task', None)
        if cancelled and was == pending and task is not None:
            _quietly(lambda: task[0].step(task[1], 'cancelled'))
        return cancelled

    def _invoke_callbacks(self):
        task = getattr(self, '_lab_task', None)
        if task is None or not self._done_callbacks:
            return real_invoke(self)
        try:
            return real_invoke(self)
        finally:
            _quietly(lambda: task[0].step(task[1], 'callback'))

    def add_done_callback(self, fn):
        task = getattr(self, '_lab_task', None)
        already = task is not None and self.done()
        try:
            return real_add(self, fn)
        finally:
            if already:
                _quietly(lambda: task[0].step(task[1], 'callback'))

    for name, value in (('set_running_or_notify_cancel', set_running_or_notify_cancel), ('set_result', set_result),
                        ('set_exception', set_exception), ('cancel', cancel), ('_invoke_callbacks', _invoke_callbacks),
                        ('add_done_callback', add_done_callback)):
        value.__doc__ = getattr(future, name).__doc__
        setattr(future, name, value)


def _failed(record, task_id, exception):
    record.step(task_id, 'failed', None, _failure(exception))
    if type(exception).__name__ == 'BrokenProcessPool':
        record.set_state('broken', _failure(exception))


def _patch_executor(executor_class, work_item_class, api, workers_of, after_workers):
    real_init, real_submit, real_shutdown = executor_class.__init__, executor_class.submit, executor_class.shutdown
    real_item_init = work_item_class.__init__
    real_after = getattr(executor_class, after_workers)

    def __init__(self, *args, **kwargs):
        self._lab_pool = None
        _quietly(lambda: setattr(self, '_lab_pool', _record_of(1, self, api)))
        real_init(self, *args, **kwargs)
        record = self._lab_pool
        if record is not None:
            _quietly(lambda: record.announce(self._max_workers, getattr(self, '_max_tasks_per_child', None)))

    def submit(self, fn, /, *args, **kwargs):
        record = getattr(self, '_lab_pool', None)
        if record is None:
            return real_submit(self, fn, *args, **kwargs)
        ident = _get_ident()
        _submitting[ident] = (record, self)
        try:
            return real_submit(self, fn, *args, **kwargs)
        finally:
            _submitting.pop(ident, None)

    def item_init(self, future, fn, args, kwargs):
        real_item_init(self, future, fn, args, kwargs)
        submitting = _submitting.get(_get_ident())
        if submitting is not None:
            _quietly(lambda: _submitted(submitting[0], submitting[1], future, fn))

    def workers_changed(self, *args, **kwargs):
        try:
            return real_after(self, *args, **kwargs)
        finally:
            record = getattr(self, '_lab_pool', None)
            if record is not None:
                _quietly(lambda: record.workers(list(workers_of(self)), lambda worker: getattr(worker, 'pid', None), _thread_id_of))

    def shutdown(self, wait=True, *, cancel_futures=False):
        record = getattr(self, '_lab_pool', None)
        if record is not None:
            _quietly(lambda: record.set_state('closed'))
        real_shutdown(self, wait, cancel_futures=cancel_futures)
        if record is not None and wait:
            _quietly(lambda: record.set_state('ended'))
            wire.flush()

    for name, value in (('__init__', __init__), ('submit', submit), ('shutdown', shutdown), (after_workers, workers_changed)):
        value.__doc__ = getattr(executor_class, name).__doc__
        setattr(executor_class, name, value)
    work_item_class.__init__ = item_init


def _submitted(record, executor, future, fn):
    if record.state != 'running':
        return
    task_id = next(record.ids)
    future._lab_task = (record, task_id)
    # A process executor's work id (its _WorkItem is made just before it is filed under it): its worker says it.
    work_id = getattr(executor, '_queue_count', None) if record.api == PROCESS_EXECUTOR else None
    call = [work_id + 1, 0, 1, False] if type(work_id) is int else None
    record.step(task_id, 'submitted', None, _fn_name(fn), call)
    record.step(task_id, 'queued')


def patch_futures_thread(module):
    _patch_executor(module.ThreadPoolExecutor, module._WorkItem, THREAD_EXECUTOR, lambda executor: executor._threads, '_adjust_thread_count')


def patch_futures_process(module):
    _patch_worker(module, '_process_worker', 'executor-worker', lambda item: (item.work_id + 1, 0))
    spawn = '_spawn_process' if hasattr(module.ProcessPoolExecutor, '_spawn_process') else '_adjust_process_count'
    _patch_executor(module.ProcessPoolExecutor, module._WorkItem, PROCESS_EXECUTOR, lambda executor: (executor._processes or {}).values(), spawn)


# ---- inside a worker process ----------------------------------------------------------------------


def _patch_worker(module, name, role, ref_of):
    """A pool's worker loop, in a worker process: each task it takes says `task.run` with its call and chunk
    (the host knows this process's slot from the parent's `pool.worker`). Before each take, which blocks,
    the facts are flushed (so a task's run is told while it runs). The same function object under the same
    name: a spawn child unpickles its target by name, and processes.role_of reads it."""
    real = getattr(module, name)

    def loop(inqueue, *args, **kwargs):
        if wire.identity.get('role') == role:
            inqueue = _Took(inqueue, ref_of)
        return real(inqueue, *args, **kwargs)

    for attribute in ('__module__', '__name__', '__qualname__', '__doc__'):
        setattr(loop, attribute, getattr(real, attribute))
    setattr(module, name, loop)


class _Took:
    """A worker process's task queue: a task taken is said (`task.run`), the facts flushed before each take."""

    __slots__ = ('_queue', '_ref_of')

    def __init__(self, queue, ref_of):
        self._queue = queue
        self._ref_of = ref_of

    def get(self, *args, **kwargs):
        wire.flush()
        task = self._queue.get(*args, **kwargs)
        if task is not None:
            _quietly(lambda: wire.fact('task.run', wire.now_ms(), *self._ref_of(task)))
            wire.flush()
        return task

    def __getattr__(self, name):
        return getattr(self._queue, name)
