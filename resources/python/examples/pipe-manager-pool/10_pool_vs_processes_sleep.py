# Seed 003_ce8d890787a5e45c.txt, "这种情况下进程池比多进程 运行慢".
# Teaches: for 100 tasks that only sleep, Pool(4) runs them four at a time (25 rounds) while 100 processes
# sleep all at once, so here the pool is the slower; both runs print the squares 0..9801.
# Fixed: each task sleeps 0.1 s instead of 0.5 s (the pool's 25 rounds take 2.5 s instead of 12.5 s; the
# 100 processes still sleep at once, so the pool stays the slower).
import time
from multiprocessing import Process, Pool


def func(i):
    time.sleep(0.1)
    print(i**2)


if __name__ == '__main__':
    pool = Pool(4)
    pool_s_time = time.time()
    pool.map(func, range(100))
    pool_e_time = time.time()
    pool_dif_time = pool_e_time - pool_s_time

    p_lst = []
    p_s_time = time.time()
    for i in range(100):
        p = Process(target=func, args=(i,))
        p.start()
        p_lst.append(p)
    [p.join() for p in p_lst]
    p_e_time = time.time()
    p_dif_time = p_e_time - p_s_time

    print('数据池执行时间:', pool_dif_time)
    print('多进程运行时间:', p_dif_time)
