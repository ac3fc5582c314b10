"""multiprocessing.Pipe, observed: one primitive for both ends (pipe.send / pipe.recv with the message's
bytes, pipe.recvWait said and flushed before a recv() on an empty end blocks, pipe.close per end).

send and recv are CPython's own few lines (the pickle is made once, its size is the fact's number). The
ends keep their lab id in memory, so a forked child reports its inherited ends. An end handed to a spawned
(or forkserver) child is pickled by multiprocessing's reducer (reduce_connection: a duplicated descriptor);
the shim's reducer adds the Pipe's label, shared key and the end's number to what it pickles, and its
rebuild_connection (pickled by the real one's name, multiprocessing.connection.rebuild_connection) announces
the end in the child under that key: one Pipe in the lab, its two processes' ends folded into it. A child
that is not observed (python -I below the program) cannot rebuild such an end (the real rebuild_connection
takes three arguments): the same limit as a Value or a Lock handed to it (README, "What it cannot see").
"""

import sys
import weakref

from . import creation, registry, wire

_op = wire.op


def patch(module):
    real_pipe = module.Pipe
    base = module._ConnectionBase
    pickler = module._ForkingPickler
    real_close = base.close

    def Pipe(duplex=True):
        ends = real_pipe(duplex)
        try:
            frame = creation.program_frame(1)
            if frame is not None:
                holder = _PipeIdentity()
                holder.shared, holder.duplex = 'pipe@%x' % id(ends[0]), bool(duplex)
                lab_id = registry.announce(holder, 'Pipe', frame, {'duplex': holder.duplex, 'shared': holder.shared})
                ends[0]._lab, ends[1]._lab = (lab_id, 0, holder), (lab_id, 1, holder)
        except Exception:  # noqa: BLE001 (unobserved, never broken)
            pass
        return ends

    Pipe.__doc__ = real_pipe.__doc__

    def send(self, obj):
        self._check_closed()
        self._check_writable()
        data = pickler.dumps(obj)
        self._send_bytes(data)
        lab = getattr(self, '_lab', None)
        if lab is not None:
            _op('pipe.send', lab[0], len(data))

    def recv(self):
        self._check_closed()
        self._check_readable()
        lab = getattr(self, '_lab', None)
        waited = False
        if lab is not None and not self.poll():
            _op('pipe.recvWait', lab[0], 0)
            wire.flush()
            waited = True
        try:
            buf = self._recv_bytes()
        except BaseException:
            if waited:
                _op('wait.ended', lab[0], 0)
            raise
        view = buf.getbuffer()
        if lab is not None:
            _op('pipe.recv', lab[0], len(view))
        return pickler.loads(view)

    def close(self):
        lab = getattr(self, '_lab', None)
        if lab is not None and self._handle is not None:
            _op('pipe.close', lab[0], lab[1])
        return real_close(self)

    send.__doc__, recv.__doc__, close.__doc__ = base.send.__doc__, base.recv.__doc__, base.close.__doc__
    base.send, base.recv, base.close = send, recv, close
    module.Pipe = Pipe
    if sys.platform != 'win32' and hasattr(module, 'rebuild_connection') and hasattr(module, 'reduce_connection'):
        _carry_identity(module)


#: In a process that rebuilt ends of a Pipe: its shared key -> (lab id, holder), so that both ends are one primitive.
_rebuilt = {}


def _carry_identity(module):
    real_reduce, real_rebuild = module.reduce_connection, module.rebuild_connection

    def rebuild_connection(df, readable, writable, *carried):
        conn = real_rebuild(df, readable, writable)
        if carried:
            try:
                _adopt(conn, *carried[0])
            except Exception:  # noqa: BLE001 (unobserved, never broken)
                pass
        return conn

    def reduce_connection(conn):
        rebuild, args = real_reduce(conn)
        lab = getattr(conn, '_lab', None)
        # real_reduce names rebuild_connection as a global of its module: this one, since it replaced the real one.
        if lab is None or (rebuild is not real_rebuild and rebuild is not rebuild_connection):
            return rebuild, args
        lab_id, end, holder = lab
        return rebuild_connection, tuple(args) + ((registry.label_of(lab_id) or '', holder.shared, holder.duplex, end),)

    rebuild_connection.__module__, rebuild_connection.__qualname__ = real_rebuild.__module__, real_rebuild.__qualname__
    rebuild_connection.__doc__, reduce_connection.__doc__ = real_rebuild.__doc__, real_reduce.__doc__
    module.rebuild_connection, module.reduce_connection = rebuild_connection, reduce_connection
    module.reduction.register(module.Connection, reduce_connection)


def _adopt(conn, label, shared, duplex, end):
    """An end rebuilt in this process: announced under the Pipe's shared key, with the creator's label."""
    known = _rebuilt.get(shared)
    if known is None or known[1]() is None:
        holder = _PipeIdentity()
        holder.shared, holder.duplex = shared, duplex
        lab_id = registry.announce(holder, 'Pipe', None, {'duplex': bool(duplex), 'shared': shared}, label or None)
        known = (lab_id, weakref.ref(holder))
        _rebuilt[shared] = known
        conn._lab = (lab_id, int(end), holder)
        return
    conn._lab = (known[0], int(end), known[1]())


class _PipeIdentity:
    """What the registry keeps a Pipe by (its two ends are two objects): alive while either end is."""
