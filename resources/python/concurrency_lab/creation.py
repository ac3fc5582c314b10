"""Who created a primitive, and the name it was given: `mutexA = threading.Lock()` at deadlock.py:4 is `mutexA`.

A primitive the standard library makes for itself (a Queue's mutex, an Event's Condition, a Pool's locks,
logging's handler locks) is not the program's: it stays the plain stdlib object, unobserved, at no cost.
The creating frame is the first one outside the shim and outside the constructor plumbing (multiprocessing's
context methods); it is the program's when its file is not the standard library's.
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_stdlib = os.path.dirname(os.path.abspath(os.__file__))
_site_dirs = ('site-packages', 'dist-packages')
#: CPython's own test suite is a program like any other (it is how the shim's semantics are checked).
_stdlib_tests = os.path.join(_stdlib, 'test') + os.sep
#: Files whose frames stand between the program and the constructor: context.py is `multiprocessing.Lock()`.
_plumbing = ('multiprocessing' + os.sep + 'context.py',)
_verdicts = {}
_ids = [0]


def next_id():
    _ids[0] += 1
    return _ids[0]


def _is_ours_or_plumbing(filename):
    return filename.startswith(_here) or filename.endswith(_plumbing)


def _is_stdlib(filename):
    verdict = _verdicts.get(filename)
    if verdict is None:
        if filename.startswith('<frozen'):
            verdict = True
        else:
            path = os.path.abspath(filename) if not filename.startswith('<') else filename
            verdict = (
                path.startswith(_stdlib + os.sep)
                and not path.startswith(_stdlib_tests)
                and not any(os.sep + part + os.sep in path for part in _site_dirs)
            )
        _verdicts[filename] = verdict
    return verdict


def program_frame(depth):
    """The frame of the program that asked for the primitive, or None when the standard library did."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    while frame is not None and _is_ours_or_plumbing(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None or _is_stdlib(frame.f_code.co_filename):
        return None
    return frame


def where(frame):
    """(label, file, line) of a creating frame: the label from the source line's assignment target, or None."""
    filename = frame.f_code.co_filename
    line = frame.f_lineno or 0
    return _target(_statement_of_call(_source_line(filename, line), frame)), filename, line


def _statement_of_call(text, frame):
    """The statement of the line that holds the call being made (`a = Lock(); b = Lock()`: the second's is
    `b = Lock()`), from the call's column (3.11+ code positions). Before 3.11 a line of several statements
    gives no name (better the kind and id than another variable's name)."""
    if ';' not in text:
        return text
    positions = getattr(frame.f_code, 'co_positions', None)
    if positions is None:
        return ''
    try:
        index = frame.f_lasti // 2
        for offset, position in enumerate(positions()):
            if offset == index:
                column = position[2]
                break
        else:
            return text
    except Exception:  # noqa: BLE001 (a label is a nicety)
        return text
    if column is None:
        return text
    return text[text.rfind(';', 0, column) + 1:]


def _source_line(filename, line):
    if filename == '<string>':
        code = _inline_code()
        if code is not None:
            lines = code.splitlines()
            return lines[line - 1] if 0 < line <= len(lines) else ''
        return ''
    if filename.startswith('<'):
        return ''
    try:
        import linecache

        return linecache.getline(filename, line)
    except Exception:  # noqa: BLE001 (a label is a nicety: a source that cannot be read has none)
        return ''


def command_line():
    """The interpreter's whole command line: sys.orig_argv (3.10+), else /proc/self/cmdline."""
    argv = getattr(sys, 'orig_argv', None)
    if argv:
        return list(argv)
    try:
        with open('/proc/self/cmdline', 'rb') as cmdline:
            return [os.fsdecode(arg) for arg in cmdline.read().split(b'\0') if arg]
    except OSError:
        return list(sys.argv)


def _inline_code():
    """The program of `python -c CODE`, whose lines linecache does not know."""
    argv = command_line()
    for index, arg in enumerate(argv[:-1]):
        if arg == '-c':
            return argv[index + 1]
    return None


_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.')


def _target(text):
    """`name = ...`, `self.name: T = ...`, `a, b = ...` (a-b): the assigned name, within the lab's name rules."""
    text = text.strip()
    index = _assignment(text)
    if index <= 0:
        return None
    head = text[:index].strip()
    colon = head.find(':')
    if colon > 0:
        head = head[:colon].strip()
    names = [part.strip().strip('()[]').strip() for part in head.split(',')]
    if not names or not all(name and set(name) <= _NAME_CHARS and not name[0].isdigit() and name[0] != '.' for name in names):
        return None
    return '-'.join(names)[:40]


def _assignment(text):
    """The index of the first plain `=` (not ==, <=, >=, !=, +=...), before any bracket or call; -1 if none."""
    for index, char in enumerate(text):
        if char in '([{\'"#':
            return -1
        if char == '=':
            before = text[index - 1] if index else ''
            after = text[index + 1] if index + 1 < len(text) else ''
            if after == '=' or before in '=<>!+-*/%&|^@:':
                return -1
            return index
    return -1


def fallback_label(kind, prim_id):
    return '%s-%d' % (kind, prim_id)


def program_frame_for(obj, depth, plumbing=()):
    """As program_frame, for an object whose constructors run in the standard library: the frames of its
    own __init__ chain (a multiprocessing Lock's Lock.__init__ then SemLock.__init__) are skipped, and the
    first frame after them decides (the program's, or the stdlib's when a Queue or a Condition made it)."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    while frame is not None:
        filename = frame.f_code.co_filename
        if (_is_ours_or_plumbing(filename) or filename.endswith(plumbing)
                or (frame.f_code.co_name == '__init__' and _self_of(frame) is obj)):
            frame = frame.f_back
            continue
        break
    if frame is None or _is_stdlib(frame.f_code.co_filename):
        return None
    return frame


def _self_of(frame):
    code = frame.f_code
    if code.co_argcount == 0 or code.co_varnames[0] != 'self':
        return None
    try:
        return frame.f_locals.get('self')
    except Exception:  # noqa: BLE001
        return None
