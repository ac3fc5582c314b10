# Seed 004_0f1638c234e180fa.txt, "2. In fact, the process is produced through the Os.fork method".
# Teaches: a child made by Process reports the parent's pid as its parent process; under fork its module
# name is still __main__, under spawn it is __mp_main__ (the module was imported again).
# Fixed: the seed's text lost its keywords, names and string literals ("Multiprocessing Processosinfo
# (title): Title, ..."); restored from the Python documentation's example that the seed copies, its print
# statements written as Python 3 print() calls.
from multiprocessing import Process
import os


def info(title):
    print(title)
    print('module name:', __name__)
    if hasattr(os, 'getppid'):  # only available on Unix
        print('parent process:', os.getppid())
    print('process id:', os.getpid())


def f(name):
    info('function f')
    print('hello', name)


if __name__ == '__main__':
    info('main line')
    p = Process(target=f, args=('bob',))
    p.start()
    p.join()
