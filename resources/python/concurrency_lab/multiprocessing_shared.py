"""multiprocessing.Value and Array (with their lock, the default), observed: `value.write` per assignment
of a Value's .value, `array.write` with the cells written per item or slice assignment of an Array, and what
each holds then (`prim.contents`: Python's repr, cut at 200 characters), stated once per flush however many
writes came since (a loop over an Array's cells costs a dict store per cell, not a repr).

Their lock is the synchronized wrapper's own (an RLock made inside sharedctypes: unobserved). The key the
processes share is where the shared memory lives, so a forked child's writes fold into the same primitive;
a Value or Array handed to a spawned child is rebuilt there and not observed.
"""

import ctypes

from . import creation, registry, wire

_op = wire.op


def _key(wrapper):
    try:
        return 'shm@%x' % ctypes.addressof(wrapper.get_obj())
    except (TypeError, AttributeError):
        return 'shm@%x' % id(wrapper)


def _typecode(typecode_or_type):
    return typecode_or_type if isinstance(typecode_or_type, str) else getattr(typecode_or_type, '__name__', '?')


def patch(module):
    real_value, real_array = module.Value, module.Array

    def Value(typecode_or_type, *args, lock=True, ctx=None):
        wrapper = real_value(typecode_or_type, *args, lock=lock, ctx=ctx)
        frame = creation.program_frame(1) if lock is not False else None
        if frame is not None and isinstance(wrapper, module.SynchronizedBase):
            params = {'typecode': _typecode(typecode_or_type), 'shared': _key(wrapper)}
            wrapper._lab_contents = value_contents(wrapper)
            wrapper._lab_id = registry.announce(wrapper, 'Value', frame, params)
            wire.changed(wrapper._lab_id, wrapper._lab_contents)  # what it starts with (Value('d', 0.5))
        return wrapper

    def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
        wrapper = real_array(typecode_or_type, size_or_initializer, lock=lock, ctx=ctx)
        frame = creation.program_frame(1) if lock is not False else None
        if frame is not None and isinstance(wrapper, module.SynchronizedBase):
            params = {'typecode': _typecode(typecode_or_type), 'length': len(wrapper), 'shared': _key(wrapper)}
            wrapper._lab_contents = array_contents(wrapper)
            wrapper._lab_id = registry.announce(wrapper, 'Array', frame, params)
            wire.changed(wrapper._lab_id, wrapper._lab_contents)  # what it starts with (Array('i', range(10)))
        return wrapper

    Value.__doc__, Array.__doc__ = real_value.__doc__, real_array.__doc__
    module.Value, module.Array = Value, Array
    _patch_writes(module)


#: A contents repr is cut here, with "…" (the lab's CONTENTS_CHARS, src/shared/data-facts.ts).
CONTENTS_CHARS = 200
#: An Array's repr is made of its first cells only: 100 cells are at least 300 characters ("0, " each), past the cut.
_CELLS_SHOWN = 100


def cut(text):
    return text if len(text) <= CONTENTS_CHARS else text[:CONTENTS_CHARS - 1] + '\u2026'


def value_contents(wrapper):
    """A Value's contents as Python's repr of its .value, read from its ctypes object (no lock: a read of memory)."""
    obj = wrapper.get_obj()
    return lambda: cut(repr(obj.value))


def array_contents(wrapper):
    """An Array's contents as the repr of arr[:] (a list, or bytes for 'c'), from its first cells only: bounded cost."""
    obj = wrapper.get_obj()
    length = len(obj)

    def contents():
        shown = obj[:min(length, _CELLS_SHOWN)]
        text = repr(shown)
        if length > _CELLS_SHOWN and len(text) <= CONTENTS_CHARS:
            text = text + '\u2026'
        return cut(text)

    return contents


def _patch_writes(module):
    value_property = module.Synchronized.value
    real_set = value_property.fset

    def set_value(self, value):
        real_set(self, value)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            # Its contents are stated at the next flush (wire.changed), before the write's op may flush.
            wire.changed(lab_id, self.__dict__['_lab_contents'])
            _op('value.write', lab_id, 0)

    module.Synchronized.value = property(value_property.fget, set_value, value_property.fdel, value_property.__doc__)
    array_class = module.SynchronizedArray
    real_setitem = array_class.__setitem__

    def __setitem__(self, index, value):
        real_setitem(self, index, value)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            cells = len(range(*index.indices(len(self)))) if isinstance(index, slice) else 1
            wire.changed(lab_id, self.__dict__['_lab_contents'])
            _op('array.write', lab_id, cells)

    array_class.__setitem__ = __setitem__
