"""Concurrency Lab's Python shim: importing it installs it (boot/sitecustomize.py does, when the lab asks).

It observes the program from the inside and reports facts to the lab over the Unix socket named by
CONCURRENCY_LAB_PY_SOCKET (docs/python-wire.md). README.md beside this package says what it patches and
what it cannot see. Installing never raises: a part that fails is left out, the program runs as without it.
"""

import atexit as _atexit
import os as _os
import sys as _sys

_installed = []


def install():
    if _installed:
        return
    _installed.append(True)
    import queue
    import threading

    from . import processes, queues, stepping, threads, wire
    from .locks import make_lock_factory, make_rlock_factory
    from .semaphores import make_semaphores
    from .signals import make_signals

    processes.identify_at_start()
    # Every class is made from the real ones before any module name is pointed at ours.
    lock, rlock = make_lock_factory(threading.Lock), make_rlock_factory(threading.RLock)
    semaphore, bounded = make_semaphores(threading)
    event, condition, barrier, timer = make_signals(threading)
    observed_queues = queues.make_queues(queue, threading)
    threads.patch_threading(threading)
    threads.patch_sleep()
    threads.patch_exits()
    for name, value in (('Lock', lock), ('RLock', rlock), ('Semaphore', semaphore), ('BoundedSemaphore', bounded),
                        ('Event', event), ('Condition', condition), ('Barrier', barrier), ('Timer', timer)):
        setattr(threading, name, value)
    for cls in observed_queues:
        setattr(queue, cls.__name__, cls)

    from . import multiprocessing_hooks

    multiprocessing_hooks.install()

    def after_fork_in_child():
        wire.after_fork_in_child()
        stepping.after_fork_in_child()
        processes.after_fork_in_child()
        threads.announce_current(threading)
        if not wire.identity['pending']:
            wire.flush(force=True)  # a plain fork's child is seen at once, not at its first blocking call

    _os.register_at_fork(before=wire.before_fork, after_in_parent=wire.after_fork_in_parent, after_in_child=after_fork_in_child)
    _atexit.register(_at_exit)
    # Step mode's lines from the lab are looked for after each flush (stepping.py).
    wire.after_flush = stepping.poll
    threads.announce_current(threading)
    # Connected now (unless the role is still to be learnt), so that the lab sees the process at once.
    wire.flush()


def _at_exit():
    try:
        from . import processes

        processes.exited(processes.exit_code_at_exit(), every_other_thread=False)
    except BaseException:  # noqa: B036 (the program's exit is its own)
        pass


if _os.environ.get('CONCURRENCY_LAB_PY_SOCKET') and not _sys.flags.isolated:
    try:
        install()
    except Exception:  # noqa: BLE001 (a shim that cannot run leaves the program alone)
        pass
