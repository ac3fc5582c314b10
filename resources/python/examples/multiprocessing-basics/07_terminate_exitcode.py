# Seed 001_d3b3a27ab92d1852.txt, "终止进程" and the exitcode table.
# Teaches: exitcode is 0 for a process that returned, > 0 for one that exited with an error
# (sys.exit(1) gives 1), and -N for one killed by signal N: terminate() sends SIGTERM, so -15.
# Fixed: the seed gives `t.terminate()`, `t.exitcode` and the table as fragments about a process t;
# the three targets, the prints and the main guard are ours, after the Python Module of the Week
# examples the seed translates.
import multiprocessing
import sys
import time


def exit_ok():
    return


def exit_error():
    sys.exit(1)


def slow_worker():
    time.sleep(3)


if __name__ == '__main__':
    for target in (exit_ok, exit_error):
        t = multiprocessing.Process(target=target, name=target.__name__)
        t.start()
        t.join()
        print('%s.exitcode = %s' % (t.name, t.exitcode))

    t = multiprocessing.Process(target=slow_worker, name='slow_worker')
    t.start()
    print('before terminate(): is_alive() = %s' % t.is_alive())
    t.terminate()
    t.join()
    print('after terminate(): is_alive() = %s' % t.is_alive())
    print('%s.exitcode = %s' % (t.name, t.exitcode))
