"""Which process this is (role, start method, name, for the hello), read from multiprocessing's own code paths,
and its end (`process.exit`, with the daemon threads the exit kills).

- A fresh interpreter tells by its command line (sys.orig_argv, or /proc/self/cmdline before 3.10):
  multiprocessing's spawn (`spawn_main`), the forkserver (`forkserver import main`) and the resource tracker
  (`resource_tracker import main`) each run `python -c` with a program of their own. Any other interpreter
  under an observed one (a `subprocess` child) finds the mark the first one left in the C environment
  (`os.putenv`, so that the program's `os.environ` is unchanged).
- A forked child is `fork` from multiprocessing's popen_fork, `forkserver` from the forkserver, else a plain
  `os.fork()` (`process`, fork).
- Which kind of Process (a Pool's worker, an executor's, a Manager's server) is its target, read in
  BaseProcess._bootstrap before it runs; until then the hello waits (at most until the process flushes for
  good: exit, or a flush forced by its end).
"""

import os
import sys
import threading
import time

from . import creation, joins, registry, wire

#: Left in the C environment by the first observed interpreter: a later one without a multiprocessing role is a subprocess.
PARENT_MARK = 'CONCURRENCY_LAB_PY_OBSERVED_PARENT'

_SPAWN = 'from multiprocessing.spawn import spawn_main'
_FORKSERVER = 'from multiprocessing.forkserver import main'
_RESOURCE_TRACKER = 'from multiprocessing.resource_tracker import main'

_state = {'forking_process': None, 'exit_code': None}


def identify_at_start():
    identity = wire.identity
    program = ''
    argv = creation.command_line()
    if '-c' in argv[:-1]:
        program = argv[argv.index('-c') + 1]
    if program.startswith(_SPAWN):
        identity.update(role='process', startMethod='spawn', name='', pending=True)
    elif program.startswith(_FORKSERVER):
        identity.update(role='forkserver', startMethod='spawn', name='forkserver')
    elif program.startswith(_RESOURCE_TRACKER):
        identity.update(role='resource-tracker', startMethod='spawn', name='resource tracker')
    elif os.environ.get(PARENT_MARK):
        identity.update(role='subprocess', startMethod=None, name='MainProcess')
    else:
        identity.update(role='main', startMethod=None, name='MainProcess')
    os.putenv(PARENT_MARK, str(os.getpid()))


def after_fork_in_child():
    identity = wire.identity
    forking = _state['forking_process']
    _state['forking_process'] = None
    if forking is not None:
        identity.update(role='process', startMethod='fork', name=forking, pending=True)
    elif identity['role'] == 'forkserver':
        identity.update(role='process', startMethod='forkserver', name='', pending=True)
    else:
        identity.update(role='process', startMethod='fork', pending=False)
    _state['exit_code'] = None
    registry.announce_again()


def role_of(process):
    target = getattr(process, '_target', None)
    function = getattr(target, '__func__', target)
    where = (getattr(function, '__module__', None), getattr(function, '__name__', None))
    if where == ('multiprocessing.pool', 'worker'):
        return 'pool-worker'
    if where == ('concurrent.futures.process', '_process_worker'):
        return 'executor-worker'
    if where == ('multiprocessing.managers', '_run_server'):
        return 'manager'
    return 'process'


def threads_running():
    """How many threads this process runs, counted as CPython 3.12's fork warning counts them: the kernel's
    num_threads (/proc/self/stat, field 20: threads made by C code too), else the threading module's."""
    try:
        with open('/proc/self/stat', 'rb') as stat:
            # The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
            fields = stat.read().rpartition(b')')[2].split()
        return int(fields[17])
    except (OSError, ValueError, IndexError):
        return threading.active_count()


def patch_process_module(module):
    """multiprocessing.process: the role and name of a Process at its start, its exit code, its joins (joins.py: said, then flushed), and
    when its parent called start() (`process.started`, the start latency's first end)."""
    base = module.BaseProcess
    real_bootstrap = base._bootstrap
    real_join = base.join
    real_start = base.start

    def start(self):
        # Read before the real start: the child's hello (its `mono`) is the latency's other end.
        called = None
        try:
            called = (wire.now_ms(), time.monotonic() * 1000, threads_running())
        except Exception:  # noqa: BLE001 (the shim's own trouble never reaches the program)
            pass
        result = real_start(self)
        # Only the parent gets here: a forked child runs its target inside the real start and leaves by os._exit.
        try:
            popen = self._popen
            method = getattr(popen, 'method', None)
            if called is not None and method in ('fork', 'spawn', 'forkserver'):
                wire.fact('process.started', called[0], int(popen.pid), method, called[1], called[2])
                # Sent now, beside a start's milliseconds: a parent that computes for minutes after it would hold it.
                wire.flush()
        except Exception:  # noqa: BLE001
            pass
        return result

    def _bootstrap(self, *args, **kwargs):
        try:
            identity = wire.identity
            was_pending = identity['pending']
            identity.update(role=role_of(self), name=str(self.name), pending=False, daemon=bool(self.daemon))
            if not was_pending:
                wire.fact('process.name', wire.now_ms(), wire.bounded(identity['name'], 200))
            # Said now: a Pool worker may block in a call the shim does not see and be terminated there.
            wire.flush(force=True)
        except Exception:  # noqa: BLE001 (the shim's own trouble never reaches the program)
            pass
        code = real_bootstrap(self, *args, **kwargs)
        _state['exit_code'] = code
        return code

    def join(self, timeout=None):
        return joins.observed('process', lambda: joins.process_target(self), lambda: joins.process_alive(self), real_join, self, timeout)

    base._bootstrap = _bootstrap
    base.join = join
    base.start = start


def patch_popen_fork_module(module):
    """multiprocessing.popen_fork: a fork from here is a Process's (its name known before the child runs);
    the parent says each child's exit code once it has reaped it (`process.reaped`): a child killed by a
    signal sends no `process.exit`, and only its parent can know that terminate() made it -15. spawn's
    Popen inherits this poll; the forkserver's Popen has a poll of its own (it reads the forkserver's
    pipe), not wrapped: a forkserver child's signal is not reported yet."""
    popen = module.Popen
    real_launch = popen._launch
    real_poll = popen.poll

    def poll(self, *args, **kwargs):
        code = real_poll(self, *args, **kwargs)
        if code is not None and not getattr(self, '_lab_reaped', False):
            try:
                self._lab_reaped = True
                wire.fact('process.reaped', wire.now_ms(), int(self.pid), max(-(2 ** 31), min(2 ** 31 - 1, int(code))))
                wire.flush()
            except Exception:  # noqa: BLE001 (the shim's own trouble never reaches the program)
                pass
        return code

    popen.poll = poll

    def _launch(self, process_obj):
        _state['forking_process'] = str(getattr(process_obj, 'name', ''))
        try:
            return real_launch(self, process_obj)
        finally:
            _state['forking_process'] = None

    popen._launch = _launch


def record_exit_code(code):
    """sys.exit's argument, when the main thread calls it (in another thread it only ends that thread)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if code is None:
        _state['exit_code'] = 0
    elif isinstance(code, int) and not isinstance(code, bool):
        _state['exit_code'] = code
    else:
        _state['exit_code'] = 1


def exit_code_at_exit():
    """Best known: sys.exit's argument, a Process's exit code, an uncaught exception's 1 (KeyboardInterrupt -2), else 0."""
    if _state['exit_code'] is not None:
        return _state['exit_code']
    last = getattr(sys, 'last_exc', None) or getattr(sys, 'last_value', None)
    if isinstance(last, KeyboardInterrupt):
        return -2
    if isinstance(last, BaseException) and not isinstance(last, SystemExit):
        return 1
    return 0


def exited(code, every_other_thread):
    """The `process.exit` fact, flushed: the threads the exit kills (daemon threads, or all others at os._exit)."""
    current = threading.current_thread()
    killed = []
    for thread in threading.enumerate():
        if thread is current or not thread.is_alive():
            continue
        if every_other_thread or thread.daemon:
            native = getattr(thread, 'native_id', None)
            if native is not None:
                killed.append(native)
    code = max(-(2 ** 31), min(2 ** 31 - 1, code)) if isinstance(code, int) else 1
    wire.fact('process.exit', wire.now_ms(), code, killed)
    wire.flush(force=True)
    wire.close()
