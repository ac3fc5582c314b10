"""The pattern every observed threading class follows: a subclass of the real class that the module's name
now points at.

Made by the program, an instance is the subclass's, with `_lab_id` set. Made by the standard library for
itself (a Queue's Condition, an Event's inside a Thread), it is the real class's own instance, built as the
real class builds it, untouched and at no cost. Subclasses of the real class made elsewhere stay what they
are; the program's subclasses of ours are observed too.
"""

from . import creation

#: The attribute that says an instance of a subclass of ours is not observed (a stdlib subclass, made before us).
NOT_OBSERVED = None


def observed_new(ours, base):
    """A __new__ for class `ours` (a subclass of `base`): the program's instances carry their creating frame."""

    def __new__(cls, *args, **kwargs):
        frame = creation.program_frame(1)
        if frame is None and cls is ours:
            instance = base.__new__(base)
            instance.__init__(*args, **kwargs)
            return instance
        instance = base.__new__(cls)
        if frame is not None:
            instance._lab_frame = frame
        return instance

    return __new__


def creating_frame(instance):
    """The frame __new__ kept, given once (the instance keeps no frame alive)."""
    return instance.__dict__.pop('_lab_frame', None)


def adopt(ours, base):
    """Gives class `ours` its __new__ and the real class's names (repr and pickling name the real class)."""
    ours.__new__ = staticmethod(observed_new(ours, base))
    ours.__module__ = base.__module__
    ours.__qualname__ = base.__qualname__
    ours.__name__ = base.__name__
