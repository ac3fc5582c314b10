# Seed 003_ce8d890787a5e45c.txt, "进程池比多进程效率高".
# Teaches: for 100 short CPU tasks a Pool (one worker per core, reused) is faster than starting 100
# processes, because starting a process costs more than the task; both runs print 100..199.
# Fixed: nothing; the program is as the seed wrote it (it prints both times; the ratio, not the times,
# is the lesson).
import time
from multiprocessing import Process, Pool


def func(n):
    for i in range(100):
        n += 1
    print(n)


if __name__ == '__main__':
    pool_start_time = time.time()
    pool = Pool()
    pool.map(func, range(100))
    pool_end_time = time.time()
    pool_dif_time = pool_end_time - pool_start_time

    lst = []
    p_s_time = time.time()
    for i in range(100):
        p = Process(target=func, args=(i,))
        p.start()
        lst.append(p)
    [p.join() for p in lst]
    p_e_time = time.time()
    pd_time = p_e_time - p_s_time

    print('进程池执行时间>>>', pool_dif_time)
    print('多进程执行时间>>>', pd_time)
