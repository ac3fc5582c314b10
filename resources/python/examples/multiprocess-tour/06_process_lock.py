# Seed 004_0f1638c234e180fa.txt, "4, Lock: Only for screen sharing".
# Teaches: a multiprocessing.Lock passed to ten processes makes their prints take turns, so no two "hello
# world N" lines are mixed (the seed's output shows them mixed, "World, World 0hello": without the lock,
# or with output buffered per process, they can be).
# Fixed: the seed's text lost its keywords, names and string literals ("Multiprocessing Processosinfo
# (title): Title, ..."); restored from the Python documentation's example that the seed copies, with
# print() for Python 3.
from multiprocessing import Process, Lock


def f(l, i):
    l.acquire()
    print('hello world', i)
    l.release()


if __name__ == '__main__':
    lock = Lock()

    for num in range(10):
        Process(target=f, args=(lock, num)).start()
