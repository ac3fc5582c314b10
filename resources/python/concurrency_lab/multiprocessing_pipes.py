"""multiprocessing.Pipe, observed: one primitive for both ends (pipe.send / pipe.recv with the message's
bytes, pipe.recvWait said and flushed before a recv() on an empty end blocks, pipe.close per end).

send and recv are CPython's own few lines (the pickle is made once, its size is the fact's number). The
ends keep their lab id in memory, so a forked child reports its inherited ends; an end handed to a spawned
child is rebuilt by multiprocessing's reducer and not observed there.
"""

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
                lab_id = registry.announce(holder, 'Pipe', frame, {'duplex': bool(duplex), 'shared': 'pipe@%x' % id(ends[0])})
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


class _PipeIdentity:
    """What the registry keeps a Pipe by (its two ends are two objects): alive while either end is."""
