#coding:utf8
# Seed 000_e6748afd6f81a5c9.txt, section 2.3.3 "解决方案": the threads half of the comparison its text
# makes (its timings "串行 ... 并行 ...") but whose code it does not print.
# Teaches: two CPU-bound threads take turns on the one GIL, so together they use about one core and take
# about as long as counting twice in a row (on a free-threaded build such as python3.13t, about two cores).
# Fixed: this is 04_gil_counter_processes.py with threading.Thread in place of multiprocessing.Process,
# the only change, so that the two runs differ in nothing else.
from threading import Thread
import time


def counter():
    i = 0
    for _ in range(40000000):
        i = i + 1
    return True


def main():
    l = []
    start_time = time.time()
    for _ in range(2):
        t = Thread(target=counter)
        t.start()
        l.append(t)
        #t.join()
    for t in l:
        t.join()
    end_time = time.time()
    print("Total time: {}".format(end_time - start_time))


if __name__ == '__main__':
    main()
