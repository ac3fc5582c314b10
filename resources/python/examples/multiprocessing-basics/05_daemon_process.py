# Seed 001_d3b3a27ab92d1852.txt, "守护进程": t.daemon = True.
# Teaches: a daemon process is terminated when the main program exits, so it leaves no orphan: t prints
# "Starting" but never "Exiting", while the non-daemon process n runs to its end.
# Fixed: the seed gives only `t.daemon = True` about a process t; the rest (two targets, the non-daemon
# process n, the main guard) is ours, after the Python Module of the Week example the seed translates.
import multiprocessing
import sys
import time


def daemon():
    p = multiprocessing.current_process()
    print('Starting:', p.name, p.pid)
    sys.stdout.flush()
    time.sleep(2)
    print('Exiting :', p.name, p.pid)
    sys.stdout.flush()


def non_daemon():
    p = multiprocessing.current_process()
    print('Starting:', p.name, p.pid)
    sys.stdout.flush()
    print('Exiting :', p.name, p.pid)
    sys.stdout.flush()


if __name__ == '__main__':
    t = multiprocessing.Process(name='daemon', target=daemon)
    t.daemon = True

    n = multiprocessing.Process(name='non-daemon', target=non_daemon)
    n.daemon = False

    t.start()
    time.sleep(1)
    n.start()
