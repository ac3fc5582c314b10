#coding:utf8
# Seed 000_e6748afd6f81a5c9.txt, section 2.3.3 "解决方案" (the GIL: use multiprocessing instead of Thread).
# Teaches: two processes counting to 40,000,000 each run on two cores at once, each with its own GIL;
# compare 05_gil_counter_threads.py, where two threads share one GIL and use about one core in total.
# Fixed: line breaks and indentation restored. The count is kept at the seed's 40,000,000: one count
# takes about 1.5 s on our machines, so the program ends in a few seconds.
from multiprocessing import Process
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
        t = Process(target=counter)
        t.start()
        l.append(t)
        #t.join()
    for t in l:
        t.join()
    end_time = time.time()
    print("Total time: {}".format(end_time - start_time))


if __name__ == '__main__':
    main()

''' py2.7:
串行:6.1565990448 s
并行:3.1639978885 s
py3.5:
串行:6.556925058364868 s
并发:3.5378448963165283 s '''
