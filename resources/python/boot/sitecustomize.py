"""The lab's sitecustomize (docs/python-wire.md): `site` imports it at interpreter start because the lab puts
this folder first on PYTHONPATH.

It installs the Concurrency Lab shim only when the lab asked for it (CONCURRENCY_LAB_PY_SOCKET is set), and
never lets an exception of the shim's own escape: a shim that cannot run leaves the program alone. Then it
runs the next `sitecustomize` on sys.path (the user's own, or the distribution's), as coverage.py and
VizTracer do, so that ours does not hide it; that one's errors are its own and reach `site` as they would
without the lab ("Error in sitecustomize; ...").
"""

import os as _os
import sys as _sys


def _install_lab_shim():
    if not _os.environ.get('CONCURRENCY_LAB_PY_SOCKET'):
        return
    try:
        import concurrency_lab  # noqa: F401  (importing it installs the shim)
    except BaseException:  # noqa: B036  (a shim that cannot run must not stop the program)
        pass


def _run_next_sitecustomize():
    here = _os.path.dirname(_os.path.abspath(__file__))
    rest = [entry for entry in _sys.path if _os.path.abspath(entry or _os.curdir) != here]
    from importlib.machinery import PathFinder
    from importlib.util import module_from_spec

    spec = PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    module = module_from_spec(spec)
    # The next one becomes `sitecustomize` for whoever looks it up later, as if it had been found first.
    _sys.modules['sitecustomize'] = module
    spec.loader.exec_module(module)


_install_lab_shim()
_run_next_sitecustomize()
