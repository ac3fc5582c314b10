"""A multiprocessing object the program made, handed to a spawned child in its pickled state: the lab's
label rides along as one more element, and the child announces the primitive under an id of its own with
the same shared key (one primitive in the lab, every process's view folded into it)."""

from . import registry

MARK = 'concurrency-lab'


def carry_lab_id(cls, kind, shared_key):
    real_getstate = cls.__dict__.get('__getstate__')
    real_setstate = cls.__dict__.get('__setstate__')

    def __getstate__(self):
        if real_getstate is not None:
            state = real_getstate(self)
        else:
            state = {key: value for key, value in self.__dict__.items() if key != '_lab_id'}
        lab_id = self.__dict__.get('_lab_id')
        return state if lab_id is None else (MARK, state, registry.label_of(lab_id))

    def restore(self, state):
        if real_setstate is not None:
            real_setstate(self, state)
        else:
            self.__dict__.update(state)

    def __setstate__(self, state):
        if type(state) is tuple and len(state) == 3 and state[0] == MARK:
            restore(self, state[1])
            try:
                self._lab_id = registry.announce(self, kind(self) if callable(kind) else kind, None, {'shared': shared_key(self)}, state[2])
            except Exception:  # noqa: BLE001 (unobserved, never broken)
                pass
            return
        restore(self, state)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
