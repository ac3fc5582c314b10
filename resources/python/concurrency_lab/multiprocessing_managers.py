"""A Manager's dict and list, observed in the process that made them: `dict.write` / `list.write` per call
that changes them (the call's own round trip to the manager is unchanged, and no other is made: so a
list.write carries 0, not the length the manager alone knows).

Not observed: proxies handed to other processes (rebuilt there by multiprocessing), a Manager's Queue and
its other types (their state lives in the manager process, whose own objects are the stdlib's). The
manager's server process itself is seen, with role `manager` (processes.role_of).
"""

import os

from . import creation, registry, wire

_op = wire.op
_MANAGERS = os.sep + 'multiprocessing' + os.sep + 'managers.py'

_DICT_WRITES = ('__setitem__', '__delitem__', 'clear', 'pop', 'popitem', 'setdefault', 'update')
_LIST_WRITES = ('__setitem__', '__delitem__', 'append', 'extend', 'insert', 'pop', 'remove', 'reverse', 'sort', '__iadd__', '__imul__')


def patch(module):
    for cls, kind, writes, write_op in ((module.DictProxy, 'Dict', _DICT_WRITES, 'dict.write'), (module.ListProxy, 'List', _LIST_WRITES, 'list.write')):
        _observe_creation(cls, kind)
        for name in writes:
            real = cls.__dict__.get(name) or getattr(cls, name, None)
            if real is not None:
                setattr(cls, name, _reporting(real, write_op))


def _observe_creation(cls, kind):
    real_init = cls.__init__

    def __init__(self, token, *args, **kwargs):
        real_init(self, token, *args, **kwargs)
        try:
            frame = creation.program_frame_for(self, 1, (_MANAGERS,))
            if frame is not None:
                shared = '%s@%s' % (token.id, token.address)
                self._lab_id = registry.announce(self, kind, frame, {'shared': shared})
        except Exception:  # noqa: BLE001 (unobserved, never broken)
            pass

    cls.__init__ = __init__


def _reporting(real, write_op):
    def method(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            _op(write_op, lab_id, 0)
        return result

    method.__name__ = getattr(real, '__name__', 'method')
    method.__doc__ = getattr(real, '__doc__', None)
    return method
