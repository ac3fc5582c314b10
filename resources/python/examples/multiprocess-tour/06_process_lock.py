# Seed 004_0f1638c234e180fa.txt, "4, Lock: Only for screen sharing".
# Teaches: a multiprocessing.Lock passed to ten processes makes their prints take turns, so no two "hello
# world N" lines are mixed (the seed's output shows them mixed, "World, World 0hello", as they can be
# without the lock).
# Fixed: the seed's text lost its keywords, names and string literals ("Multiprocessing Process, LOCKF (L,
# i): L.acquire (), I l.release ()"); restored from the Python documentation's example that the seed
# copies, with print() for Python 3.
# Not changed: nothing is joined, as in the documentation's example. Under the spawn start method (macOS,
# Windows) that fails: the parent, ending at once, unlinks the lock's named semaphore at exit before it
# joins its children, and a child that has not yet rebuilt the lock dies with FileNotFoundError.
from multiprocessing import Process, Lock


def f(l, i):
    l.acquire()
    print('hello world', i)
    l.release()


if __name__ == '__main__':
    lock = Lock()

    for num in range(10):
        Process(target=f, args=(lock, num)).start()
