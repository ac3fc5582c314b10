# Seed 004_0f1638c234e180fa.txt, "#manager共享方法, but slow".
# Teaches: a Manager's dict and list, changed by a child through proxies, as the parent then sees them:
# {1: '1', '2': 2, 0.25: None} and [9, 8, ..., 0]. Slower than Value/Array: every access is a message to
# the manager's server process.
# Fixed: the seed's text lost its keywords, names and string literals ("Multiprocessing Process, Managerf
# (D, L): d[] = d[] = d[] = l.reverse ()"); restored from the Python documentation's example that the seed
# copies, with print() for Python 3. (The seed's output shows the dict in Python 2's order; Python 3 keeps
# insertion order.)
from multiprocessing import Process, Manager


def f(d, l):
    d[1] = '1'
    d['2'] = 2
    d[0.25] = None
    l.reverse()


if __name__ == '__main__':
    manager = Manager()

    d = manager.dict()
    l = manager.list(range(10))

    p = Process(target=f, args=(d, l))
    p.start()
    p.join()

    print(d)
    print(l)
