"""Runs one of the seeds' programs, unmodified, with the multiprocessing start method named first.

    python3 with_start_method.py fork|spawn|forkserver DIR/FILE.py

The seeds' programs never choose a start method, so what they show depends on the platform's default: fork
on Linux up to Python 3.13, forkserver from 3.14, spawn on macOS and Windows. The scenarios that compare the
methods (fork-spawn.yaml, pipe-eof.yaml) run the same program under each, so this sets the method, then runs
the program as `python3 FILE.py` would: as `__main__`, with its own sys.argv and sys.path[0]. A spawned or
forkserver child then imports the program again as `__mp_main__`, exactly as it would without this wrapper
(multiprocessing finds the main module's file through `sys.modules['__main__'].__file__`, which runpy sets).

DIR/FILE.py is a path inside resources/python/examples, found from this file's place in resources/.
"""

import multiprocessing
import os
import runpy
import sys

_EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python', 'examples')


def main(argv):
    if len(argv) != 2 or argv[0] not in multiprocessing.get_all_start_methods():
        sys.stderr.write('usage: with_start_method.py %s DIR/FILE.py\n' % '|'.join(multiprocessing.get_all_start_methods()))
        return 2
    method, example = argv
    path = os.path.normpath(os.path.join(_EXAMPLES, example))
    if not os.path.isfile(path):
        sys.stderr.write('with_start_method.py: no example %s in %s\n' % (example, os.path.normpath(_EXAMPLES)))
        return 2
    multiprocessing.set_start_method(method)
    print('start method: %s' % method, flush=True)
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    runpy.run_path(path, run_name='__main__')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
