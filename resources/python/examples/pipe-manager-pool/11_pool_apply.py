# Seed 003_ce8d890787a5e45c.txt, "进程池的同步方法: apply".
# Teaches: apply() is synchronous: each call waits for its task's return value, so the ten squares
# 0, 1, 4, ..., 81 come out in order, one every 0.5 s, then "主进程结束".
# Fixed: the last line, `print('主进程结束')`, was indented by three spaces in the seed's text (an
# IndentationError); it is indented by four, inside the main guard, as its comment says it runs.
import time
from multiprocessing import Process, Pool


def fun(i):
    time.sleep(0.5)
    # print(i)
    return i**2


if __name__ == '__main__':
    p = Pool(4)
    for i in range(10):
        res = p.apply(fun, args=(i,))   # 同步执行的方法, 它会等待任务的返回结果(return)
        print(res)                     # 打印的是fun的返回值(return)

    print('主进程结束')  # 子进程都结束后打印
