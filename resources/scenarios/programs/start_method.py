# The start-methods scenario's program (start-methods.yaml): one child started with the method named on the
# command line (fork, spawn or forkserver). The child tells its parent, through a Queue, the name its main
# module has in it: under fork the child is a copy of the parent, whose __main__ it shares; under spawn and
# forkserver it is a fresh interpreter that imported this file again, as __mp_main__, running its top level.
import multiprocessing
import os
import sys

print('top level of the main module, in pid %d (%s)' % (os.getpid(), __name__), flush=True)


def child(answers):
    answers.put(sys.modules['__main__'].__name__)


if __name__ == '__main__':
    multiprocessing.set_start_method(sys.argv[1])
    answers = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(answers,), name='child')
    p.start()
    name = answers.get()
    p.join()
    print("%s: the child's main module: %s" % (sys.argv[1], name), flush=True)
