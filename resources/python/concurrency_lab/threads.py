"""Threads, from threading.Thread's own bootstrap (not sys.setprofile, which would cost every call): each
thread says `thread.start` with its native id, ident, name and daemon flag from inside itself, and
`thread.end` (flushed) when its run is over. Also the calls that block a thread outside any primitive
(Thread.join, time.sleep) flush first (a join also says who it waits for: joins.py), and os._exit flushes before the process goes.
"""

import _thread
import os
import sys
import time

from . import joins, processes, wire

_get_ident = _thread.get_ident


def started(thread):
    ident = _get_ident()
    tid = wire.thread_id()
    wire.fact('thread.start', wire.now_ms(), tid, ident, wire.bounded(str(thread.name), 200), bool(thread.daemon))
    return ident, tid


def ended(ident, tid):
    wire.fact('thread.end', wire.now_ms(), tid)
    wire._tids.pop(ident, None)
    wire.flush()


def patch_threading(threading):
    thread_class = threading.Thread
    real_bootstrap_inner = thread_class._bootstrap_inner
    real_join = thread_class.join

    def _bootstrap_inner(self):
        try:
            ident, tid = started(self)
        except Exception:  # noqa: BLE001 (the shim's own trouble never reaches the program)
            ident = tid = None
        try:
            real_bootstrap_inner(self)
        finally:
            if ident is not None:
                try:
                    ended(ident, tid)
                except Exception:  # noqa: BLE001
                    pass

    def join(self, timeout=None):
        return joins.observed('thread', lambda: joins.thread_target(self, threading), self.is_alive, real_join, self, timeout)

    join.__doc__ = real_join.__doc__
    thread_class._bootstrap_inner = _bootstrap_inner
    thread_class.join = join


def patch_sleep():
    real_sleep = time.sleep

    def sleep(seconds):
        if wire._buffer:
            wire.flush()
        return real_sleep(seconds)

    sleep.__doc__ = real_sleep.__doc__
    # Pickled by name as the real one is (`executor.submit(time.sleep, 3)` to a process pool): time.sleep.
    sleep.__module__, sleep.__qualname__ = 'time', 'sleep'
    time.sleep = sleep


def patch_exits():
    real_exit = os._exit
    real_sys_exit = sys.exit

    def _exit(status):
        # A status the real os._exit refuses (a float, 2**40) raises its TypeError or OverflowError, unreported.
        if isinstance(status, int) and -(2 ** 31) <= status < 2 ** 31:
            try:
                processes.exited(int(status), every_other_thread=True)
            except BaseException:  # noqa: B036 (os._exit must exit whatever the shim does)
                pass
        real_exit(status)

    def exit(status=None):
        try:
            processes.record_exit_code(status)
        except Exception:  # noqa: BLE001
            pass
        real_sys_exit(status)

    _exit.__doc__ = real_exit.__doc__
    exit.__doc__ = real_sys_exit.__doc__
    # Pickled by name as the real ones are (`Process(target=sys.exit, args=(8,))` under spawn, CPython's
    # _TestSubclassingProcess.test_sys_exit): os._exit and sys.exit, the child's own (observed) ones.
    _exit.__module__, _exit.__qualname__ = 'os', '_exit'
    exit.__module__, exit.__qualname__ = 'sys', 'exit'
    os._exit = _exit
    sys.exit = exit


def announce_current(threading):
    """The thread running now (the main thread at start, the forking thread in a child), said once."""
    started(threading.current_thread())
