"""A Manager's dict, list and Queue, observed in the process that made them: `dict.write` / `list.write` per
call that changes them, and for a dict the key and value of each read and write (`data.key`: `d[k]`,
`d.get(k)`, `d[k] = v`, `del d[k]`, pop, popitem, setdefault, update, clear), from the call's own arguments
and result: the call's round trip to the manager is unchanged, and no other is made. So a list.write carries
0, not the length the manager alone knows, and a dict's contents are rebuilt by the host from these facts.

A Manager's Queue (`manager.Queue()`, `manager.JoinableQueue()`) is a Queue of the lab's: `queue.put` and
`queue.get` per call (a put timed before its round trip, a get after, so that across processes a get never
comes before the put of its item); their depth is counted by the host over every process that reports
(`params.remote`), for the queue itself lives in the manager's process. A blocking get that waits in the
manager says no wait (the wait is inside the round trip).

A proxy handed to another process by pickling (a spawn child's argument, a Pool task's) is rebuilt there by
multiprocessing's RebuildProxy, and announced there with the same shared key (one primitive in the lab).
Not observed: a Manager's other types. The manager's server process itself is seen, with role
`manager` (processes.role_of). Keys and values are told by reprlib's short repr, cut at 200 characters.
"""

import _thread
import os
import reprlib

from . import creation, registry, wire

_op = wire.op
_MANAGERS = os.sep + 'multiprocessing' + os.sep + 'managers.py'
#: A key's or a value's repr: short (reprlib: long strings and containers elided with "..."), then cut.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 80
_REPR.maxlevel = 3
_REPR_MAX = 200
#: At most this many keys of one update() or one dict's first contents are told; past it the host says "…".
_KEYS_TOLD = 16

_DICT_WRITES = ('__setitem__', '__delitem__', 'clear', 'pop', 'popitem', 'setdefault', 'update')
_LIST_WRITES = ('__setitem__', '__delitem__', 'append', 'extend', 'insert', 'pop', 'remove', 'reverse', 'sort', '__iadd__', '__imul__')
_QUEUES = ('Queue', 'JoinableQueue')

#: thread ident -> (typeid, args, kwds) of the manager call creating a proxy now: a dict's first contents.
_creating = {}
#: Threads unpickling a proxy now (RebuildProxy: a proxy handed to a spawn child or a Pool task). Such a proxy is
#: announced with the shared key only: the host folds it into the primitive its creator announced.
_rebuilding = set()


def _announce(proxy, kind, token, params):
    """Announces a proxy the program made (named by its line), or one rebuilt from a pickle; else None."""
    frame = creation.program_frame_for(proxy, 2, (_MANAGERS,))
    if frame is None and _thread.get_ident() not in _rebuilding:
        return None
    return registry.announce(proxy, kind, frame, dict(params, shared='%s@%s' % (token.id, token.address)))


def _remember_rebuilds(module):
    real_rebuild = module.RebuildProxy

    def RebuildProxy(*args, **kwargs):
        ident = _thread.get_ident()
        nested = ident in _rebuilding
        _rebuilding.add(ident)
        try:
            return real_rebuild(*args, **kwargs)
        finally:
            if not nested:
                _rebuilding.discard(ident)

    # Pickled by name, as the real one is (BaseProxy.__reduce__ names it): multiprocessing.managers.RebuildProxy.
    RebuildProxy.__module__, RebuildProxy.__qualname__ = real_rebuild.__module__, real_rebuild.__qualname__
    RebuildProxy.__doc__ = real_rebuild.__doc__
    module.RebuildProxy = RebuildProxy


#: Kinds whose repr is short and cheap as it is: told by repr() itself, not through reprlib's dispatch.
_PLAIN = (int, float, bool, type(None))


def short(value):
    kind = type(value)
    if kind in _PLAIN or (kind is str and len(value) <= 80):
        text = repr(value)
        return text if len(text) <= _REPR_MAX else text[:_REPR_MAX - 1] + '\u2026'
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 (a repr that fails is told as such)
        text = '<unrepresentable>'
    return text if len(text) <= _REPR_MAX else text[:_REPR_MAX - 1] + '\u2026'


def patch(module):
    for cls, kind, writes, write_op in ((module.DictProxy, 'Dict', _DICT_WRITES, 'dict.write'), (module.ListProxy, 'List', _LIST_WRITES, 'list.write')):
        _observe_creation(cls, kind)
        for name in writes:
            real = cls.__dict__.get(name) or getattr(cls, name, None)
            if real is not None:
                setattr(cls, name, _reporting(real, write_op, _KEYED.get(name) if kind == 'Dict' else None))
    for name in ('__getitem__', 'get'):
        real = module.DictProxy.__dict__.get(name) or getattr(module.DictProxy, name, None)
        if real is not None:
            setattr(module.DictProxy, name, _reading(real))
    _remember_creation(module.BaseManager)
    _remember_rebuilds(module)
    _observe_queues(module)


def _remember_creation(manager_class):
    real_create = manager_class._create

    def _create(self, typeid, /, *args, **kwds):
        _creating[_thread.get_ident()] = (typeid, args, kwds)
        try:
            return real_create(self, typeid, *args, **kwds)
        except BaseException:
            _creating.pop(_thread.get_ident(), None)
            raise

    manager_class._create = _create


def _observe_creation(cls, kind):
    real_init = cls.__init__

    def __init__(self, token, *args, **kwargs):
        real_init(self, token, *args, **kwargs)
        made = _creating.pop(_thread.get_ident(), None)
        try:
            lab_id = _announce(self, kind, token, {})
            if lab_id is not None:
                self._lab_id = lab_id
                if kind == 'Dict' and made is not None and made[0] == token.typeid and (made[1] or made[2]):
                    _tell_first(self._lab_id, made[1], made[2])
        except Exception:  # noqa: BLE001 (unobserved, never broken)
            pass

    cls.__init__ = __init__


def _tell_first(lab_id, args, kwds):
    """A dict made with contents (`m.dict({'count': 100})`): its first keys, from the arguments of its creation."""
    first = dict(*args, **kwds)
    for index, (key, value) in enumerate(first.items()):
        if index >= _KEYS_TOLD:
            _keyed('unknown', lab_id, '', '')
            break
        _keyed('initial', lab_id, short(key), short(value))


def _keyed(how, lab_id, key, value):
    wire.fact('data.key', wire.now_ms(), wire.thread_id(), lab_id, how, key, value)


def _tell_write(name, lab_id, args, kwargs, result):
    """The keys a dict write changed, from its arguments and result."""
    if name == '__setitem__' and len(args) == 2:
        _keyed('write', lab_id, short(args[0]), short(args[1]))
    elif name == 'setdefault' and args:
        _keyed('write', lab_id, short(args[0]), short(result))
    elif name in ('__delitem__', 'pop') and args:
        _keyed('delete', lab_id, short(args[0]), '')
    elif name == 'popitem' and isinstance(result, tuple) and len(result) == 2:
        _keyed('delete', lab_id, short(result[0]), '')
    elif name == 'clear':
        _keyed('clear', lab_id, '', '')
    elif name == 'update':
        _tell_first_of_update(lab_id, args, kwargs)


def _tell_first_of_update(lab_id, args, kwargs):
    try:
        changed = dict(*args, **kwargs)
    except Exception:  # noqa: BLE001 (the real update succeeded on the manager's side: its keys are not known here)
        _keyed('unknown', lab_id, '', '')
        return
    for index, (key, value) in enumerate(changed.items()):
        if index >= _KEYS_TOLD:
            _keyed('unknown', lab_id, '', '')
            return
        _keyed('write', lab_id, short(key), short(value))


_KEYED = {name: True for name in _DICT_WRITES}


def _reporting(real, write_op, keyed):
    name = getattr(real, '__name__', 'method')

    def method(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            if keyed:
                try:
                    _tell_write(name, lab_id, args, kwargs, result)
                except Exception:  # noqa: BLE001
                    pass
            _op(write_op, lab_id, 0)
        return result

    method.__name__ = name
    method.__doc__ = getattr(real, '__doc__', None)
    return method


def _reading(real):
    """`d[k]` and `d.get(k)`: the key read and what came back (a missing key's KeyError says nothing)."""

    def method(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None and args:
            try:
                _keyed('read', lab_id, short(args[0]), short(result))
            except Exception:  # noqa: BLE001
                pass
        return result

    method.__name__ = getattr(real, '__name__', 'method')
    method.__doc__ = getattr(real, '__doc__', None)
    return method


def _observe_queues(module):
    """A Manager's Queue proxy is an AutoProxy, whose type MakeProxyType makes (and caches) per exposed method
    list, looked up as a module global at each call: the Queue's types are wrapped once as they are made."""
    real_make = module.MakeProxyType

    def MakeProxyType(name, exposed, *args, **kwargs):
        proxy_type = real_make(name, exposed, *args, **kwargs)
        if name in _QUEUE_TYPES:
            try:
                _queue_type(proxy_type)
            except Exception:  # noqa: BLE001 (unobserved, never broken)
                pass
        return proxy_type

    MakeProxyType.__doc__ = real_make.__doc__
    module.MakeProxyType = MakeProxyType


_QUEUE_TYPES = tuple('AutoProxy[%s]' % typeid for typeid in _QUEUES)
_QUEUE_OPS = {'put': 'queue.put', 'put_nowait': 'queue.put', 'get': 'queue.get', 'get_nowait': 'queue.get', 'task_done': 'queue.taskDone'}


def _queue_type(proxy_type):
    if proxy_type.__dict__.get('_lab_observed'):
        return
    proxy_type._lab_observed = True
    real_init = proxy_type.__init__

    def __init__(self, token, *args, **kwargs):
        real_init(self, token, *args, **kwargs)
        _creating.pop(_thread.get_ident(), None)
        try:
            lab_id = _announce(self, 'JoinableQueue' if token.typeid == 'JoinableQueue' else 'Queue', token, {'remote': True})
            if lab_id is not None:
                self._lab_id = lab_id
        except Exception:  # noqa: BLE001 (unobserved, never broken)
            pass

    proxy_type.__init__ = __init__
    for name, op_name in _QUEUE_OPS.items():
        real = proxy_type.__dict__.get(name)
        if real is not None:
            setattr(proxy_type, name, _queue_method(real, op_name))


def _queue_method(real, op_name):
    before = op_name == 'queue.put'

    def method(self, *args, **kwargs):
        t = wire.now_ms() if before else None
        result = real(self, *args, **kwargs)
        lab_id = self.__dict__.get('_lab_id')
        if lab_id is not None:
            # The depth is the host's to count (params.remote): 0 here.
            if t is not None:
                wire.op_at(t, op_name, lab_id, 0)
            else:
                _op(op_name, lab_id, 0)
        return result

    method.__name__ = getattr(real, '__name__', 'method')
    method.__doc__ = getattr(real, '__doc__', None)
    return method
