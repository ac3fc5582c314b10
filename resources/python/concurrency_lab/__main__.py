"""`python3 -m concurrency_lab script.py args...`: runs a script under a running lab, from a terminal.

The lab prints the variables to set (docs/python-wire.md). With them, the script runs as `python3 script.py`
would run it (`__main__`, its own sys.argv and sys.path[0]), observed, and so do its children: this
package's folders are put first on PYTHONPATH for them, as the lab does for the programs it starts.
"""

import os
import runpy
import sys

_VARIABLES = ('CONCURRENCY_LAB_PY_SOCKET', 'CONCURRENCY_LAB_PY_TOKEN')

_USAGE = """usage: python3 -m concurrency_lab script.py [args...]

Runs script.py under a running Concurrency Lab, observed from the inside. The lab shows the line to paste
(Start workers, kind python); it sets these variables first:
  export CONCURRENCY_LAB_PY_SOCKET=<the lab's socket path>
  export CONCURRENCY_LAB_PY_TOKEN=<the lab's 32 hex characters>
  export CONCURRENCY_LAB_PY_WORKER=<a worker id of the lab's>
"""


def main(argv):
    missing = [name for name in _VARIABLES if not os.environ.get(name)]
    if len(argv) < 1 or argv[0] in ('-h', '--help'):
        sys.stderr.write(_USAGE)
        return 2
    if missing:
        sys.stderr.write('concurrency_lab: %s not set, so no lab would see the script.\n\n%s' % (' and '.join(missing), _USAGE))
        return 2
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = [os.path.join(here, 'boot'), here]
    existing = [entry for entry in os.environ.get('PYTHONPATH', '').split(os.pathsep) if entry and entry not in paths]
    os.environ['PYTHONPATH'] = os.pathsep.join(paths + existing)
    import concurrency_lab

    concurrency_lab.install()
    script = argv[0]
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name='__main__')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
