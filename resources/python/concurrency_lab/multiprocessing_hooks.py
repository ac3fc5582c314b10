"""multiprocessing is patched as its modules are imported (it is big, and most programs never import it):
a finder on sys.meta_path that lets the real finders find each module named here, then runs its patch
right after the module's own code.
"""

import sys

from . import processes


def _patch_synchronize(module):
    from . import multiprocessing_sync

    multiprocessing_sync.patch(module)


def _patch_queues(module):
    from . import multiprocessing_queues

    multiprocessing_queues.patch(module)


def _patch_connection(module):
    from . import multiprocessing_pipes

    multiprocessing_pipes.patch(module)


def _patch_sharedctypes(module):
    from . import multiprocessing_shared

    multiprocessing_shared.patch(module)


def _patch_managers(module):
    from . import multiprocessing_managers

    multiprocessing_managers.patch(module)


def _patch_pool(module):
    from . import pools

    pools.patch_pool(module)


def _patch_futures(name):
    def patch(module):
        from . import pools

        getattr(pools, name)(module)

    return patch


PATCHES = {
    'multiprocessing.process': processes.patch_process_module,
    'multiprocessing.popen_fork': processes.patch_popen_fork_module,
    'multiprocessing.synchronize': _patch_synchronize,
    'multiprocessing.queues': _patch_queues,
    'multiprocessing.connection': _patch_connection,
    'multiprocessing.sharedctypes': _patch_sharedctypes,
    'multiprocessing.managers': _patch_managers,
    'multiprocessing.pool': _patch_pool,
    'concurrent.futures._base': _patch_futures('patch_futures_base'),
    'concurrent.futures.thread': _patch_futures('patch_futures_thread'),
    'concurrent.futures.process': _patch_futures('patch_futures_process'),
}


def _patch_quietly(name, module):
    try:
        PATCHES[name](module)
    except Exception:  # noqa: BLE001 (an unpatched module is unobserved, never broken)
        pass


class _PatchingLoader:
    """The real loader, then the patch; every other attribute is the real loader's (get_source, is_package...)."""

    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _patch_quietly(self._name, module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class PatchOnImport:
    def find_spec(self, name, path=None, target=None):
        if name not in PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, 'exec_module'):
                    spec.loader = _PatchingLoader(spec.loader, name)
                return spec
        return None


def install():
    for name in PATCHES:
        module = sys.modules.get(name)
        if module is not None:
            _patch_quietly(name, module)
    sys.meta_path.insert(0, PatchOnImport())
