# Seed 003_ce8d890787a5e45c.txt, "进程池的异步方法: apply_async".
# Teaches: apply_async() returns an ApplyResult at once; the ten tasks run four at a time and get() waits
# for each result in turn, so the squares 0..81 still print in order, then "主进程结束".
# Fixed: the last line, `print('主进程结束')`, was indented by three spaces in the seed's text (an
# IndentationError); it is indented by four, inside the main guard.
import time
from multiprocessing import Process, Pool


def fun(i):
    time.sleep(0.5)
    return i**2


if __name__ == '__main__':
    p = Pool(4)
    res_lst = []
    for i in range(10):
        res = p.apply_async(fun, args=(i,))    # 异步执行, res是对象multiprocessing.pool.ApplyResult object  主进程代码执行完毕不会等待子进程, 直接关闭主进程.
        res_lst.append(res)
    for i in res_lst:
        print(i.get())

    print('主进程结束')  # 如果没有i.get()方法, 则主进程不会等待子进程执行完就会结束
