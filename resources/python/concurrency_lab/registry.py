"""The primitives this process observes: each announced once with `prim.new`, again in a forked child (whose
connection is new, and whose copies are primitives of its own)."""

import weakref

from . import creation, wire

#: id -> (weak reference to the primitive, its prim.new fields after the time).
_live = {}


def announce(obj, kind, frame, params, depth_label=None):
    """Registers `obj` as primitive `kind` created at `frame`: its id, after a prim.new fact."""
    prim_id = creation.next_id()
    label, filename, line = creation.where(frame) if frame is not None else (None, '', 0)
    label = depth_label or label or creation.fallback_label(kind, prim_id)
    fields = (prim_id, kind, label[:200], filename[-1000:], min(max(line, 0), 2 ** 31 - 1), _bounded_params(params))
    try:
        reference = weakref.ref(obj, lambda _gone, prim_id=prim_id: _live.pop(prim_id, None))
    except TypeError:
        reference = None
    if reference is not None:
        _live[prim_id] = (reference, fields)
    wire.fact('prim.new', wire.now_ms(), *fields)
    return prim_id


def _bounded_params(params):
    """Within the wire's limits: int32 counts, a typecode of 8 characters, a key of 200."""
    bounded = {}
    for key, value in params.items():
        if key in ('maxsize', 'parties', 'length'):
            if type(value) is not int:
                continue  # a float maxsize, say: Python takes it, the wire's count does not
            value = max(-(2 ** 31), min(2 ** 31 - 1, value))
        elif key in ('value', 'interval'):
            if type(value) not in (int, float) or not abs(value) <= 1e300:
                continue
        elif key in ('typecode', 'shared'):
            value = str(value)[:8 if key == 'typecode' else 200]
        bounded[key] = value
    return bounded


def observe(obj, kind, depth, params):
    """The id of `obj` as the program's primitive, or None when the standard library made it for itself."""
    frame = creation.program_frame(depth + 1)
    if frame is None:
        return None
    return announce(obj, kind, frame, params)


def announce_again():
    """In a forked child: every primitive still alive, announced on the child's own connection."""
    for reference, fields in list(_live.values()):
        if reference is not None and reference() is not None:
            wire.fact('prim.new', wire.now_ms(), *fields)


def label_of(prim_id):
    entry = _live.get(prim_id)
    return entry[1][2] if entry is not None else None
