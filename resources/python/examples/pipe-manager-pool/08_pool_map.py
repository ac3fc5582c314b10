# Seed 003_ce8d890787a5e45c.txt, "进程池", the first program.
# Teaches: Pool(4) maps func over 100 numbers with four worker processes; map() returns only when every
# task is done (the numbers 0..99 are printed four at a time).
# Fixed: each task sleeps 0.1 s instead of 1 s (25 rounds take 2.5 s instead of 25 s).
import time
from multiprocessing import Process, Pool


def func(n):
    time.sleep(0.1)
    print(n)


if __name__ == '__main__':
    pool = Pool(4)  # 设置进程数量, 如果不设置, 默认是CPU数量
    pool.map(func, range(100))   # map自带join功能, 异步执行任务, 参数是可迭代对象
