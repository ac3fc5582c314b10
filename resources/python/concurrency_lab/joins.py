"""Joins as facts: a thread waiting in Thread.join() or Process.join() says `join.wait` (who it waits for, and
its timeout) and, when the join returns, `join.end` with how it ended: `joined` (the thread or process has
ended), `timedOut` (the timeout ran out and it still runs: join(timeout) returns None either way, so only
this fact tells them apart) or `interrupted` (an exception, KeyboardInterrupt say, ended the wait).

A join that Python refuses before waiting (a thread not started, the current thread, a process not started
or not this process's child) says nothing: the real join raises its own error. join(0) and negative
timeouts wait no time and say nothing either (a polling loop of join(0) would be a wait per call).
"""

import os

from . import wire

#: A timeout on the wire: whole milliseconds, -1 for ever, at most an int32.
_FOREVER = -1
_TIMEOUT_MAX = 2 ** 31 - 1


def timeout_ms(timeout):
    """The wire's timeout of a join(timeout), or None when the join waits no time (or Python refuses the value)."""
    if timeout is None:
        return _FOREVER
    if type(timeout) not in (int, float) or not timeout > 0:
        return None
    return min(_TIMEOUT_MAX, max(1, int(round(timeout * 1000))))


def begin(kind, target, timeout):
    """Says the wait (flushed with the rest, before the real join blocks); the wait's timeout on the wire, or None."""
    waited = timeout_ms(timeout)
    if waited is None or target is None:
        return None
    wire.fact('join.wait', wire.now_ms(), wire.thread_id(), kind, int(target), waited)
    return waited


def end(kind, target, alive, raised):
    outcome = 'interrupted' if raised else ('timedOut' if alive else 'joined')
    wire.fact('join.end', wire.now_ms(), wire.thread_id(), kind, int(target), outcome)


def observed(kind, target_of, alive, real_join, joined, timeout):
    """`real_join(joined, timeout)` told as facts: the wait before it, how it ended after it.

    `target_of()` gives the joined one's id (None: Python refuses or returns at once, nothing is said) and
    `alive()` whether it still runs; both are the caller's kind's (a thread's native id, a process's pid).
    """
    target = waited = None
    try:
        target = target_of()
        waited = begin(kind, target, timeout)
    except Exception:  # noqa: BLE001 (the shim's own trouble never reaches the program)
        pass
    # Flushed before a join that may block (its wait reaches the lab first); a join of one that has ended
    # returns at once, and its two facts wait for the next flush (a send per join was most of its cost).
    if waited is None or alive():
        wire.flush()
    if waited is None:
        return real_join(joined, timeout)
    raised = True
    try:
        result = real_join(joined, timeout)
        raised = False
        return result
    finally:
        try:
            end(kind, target, alive(), raised)
        except Exception:  # noqa: BLE001
            pass


def thread_target(thread, threading):
    """The native id of a thread another thread may join now, else None (Python's join raises, or returns at once)."""
    if thread is threading.current_thread() or not thread._started.is_set():
        return None
    return getattr(thread, 'native_id', None)


def process_target(process):
    """The pid of a started child of this process, else None (Process.join asserts)."""
    popen = getattr(process, '_popen', None)
    if popen is None or getattr(process, '_parent_pid', None) != os.getpid():
        return None
    return getattr(popen, 'pid', None)


def process_alive(process):
    """Whether the child still runs after its join, without a call: Popen.wait has set returncode if it ended."""
    popen = getattr(process, '_popen', None)
    return popen is not None and getattr(popen, 'returncode', None) is None
