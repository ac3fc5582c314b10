# Seed 004_0f1638c234e180fa.txt, "#异步: It's not much to use" (apply_async with get(timeout)).
# Teaches: ten apply_async tasks on a Pool of 4; each task prints x*x in its worker, sleeps, and returns
# x*x; the parent's r.get(timeout=10) waits for each result in turn (raising TimeoutError after 10 s),
# so the returned squares 0, 1, 4, ..., 81 print in order among the workers' prints.
# Fixed: the seed's text lost its keywords and literals ("POOLTIMEF (x): X*x time.sleep () x*x",
# "Pool (=)"): the pool size and the sleep, lost, are processes=4 and 1 s here; print() for Python 3.
from multiprocessing import Pool
import time


def f(x):
    print(x*x)
    time.sleep(1)
    return x*x


if __name__ == '__main__':
    pool = Pool(processes=4)
    res_list = []
    for i in range(10):
        res = pool.apply_async(f, [i])
        res_list.append(res)

    for r in res_list:
        print(r.get(timeout=10))  # 超时时间
