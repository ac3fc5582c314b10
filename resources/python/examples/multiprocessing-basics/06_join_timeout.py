# Seed 001_d3b3a27ab92d1852.txt, "守护进程": t.join() and t.join(sec).
# Teaches: join(1) gives up after 1 s while the process still runs (is_alive() is True); join() with no
# timeout blocks until it ends (then is_alive() is False and its "Exiting" line has been printed).
# Fixed: the seed gives only `t.join()` and `t.join(sec)` about a process t; the target, the prints
# and the main guard are ours, after the Python Module of the Week example the seed translates.
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


if __name__ == '__main__':
    t = multiprocessing.Process(name='daemon', target=daemon)
    t.daemon = True
    t.start()

    sec = 1
    t.join(sec)
    print('after join(%s): t.is_alive() = %s' % (sec, t.is_alive()))
    t.join()
    print('after join(): t.is_alive() = %s' % t.is_alive())
