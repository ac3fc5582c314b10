# Seed 003_ce8d890787a5e45c.txt, "如果不加close和join, 程序会直接随主进程结束运行".
# Teaches: close() stops new tasks and join() waits for the pool's tasks to finish, so the workers print
# 0..9 before the results are read; then "结果>>> 0" .. "结果>>> 81" and "主进程结束".
# Fixed: nothing that runs (a comment's three-space indentation is now four).
# Not changed: `print('主进程结束')` is at the top level of the module, outside the main guard, as in the seed: under the spawn or forkserver start method every pool worker imports this module
# and prints it too (under fork, Linux's default up to 3.13, it appears once).
import time
from multiprocessing import Process, Pool


def fun(i):
    time.sleep(0.5)
    print(i)
    return i**2


if __name__ == '__main__':
    p = Pool(4)
    res_lst = []
    for i in range(10):
        res = p.apply_async(fun, args=(i,))
        res_lst.append(res)
        # print(res)      # 异步执行, res是多个对象  <multiprocessing.pool.ApplyResult object at 0x000001B5BBD7C128>

    p.close()     # 不是关闭进程池,而是不允许再有其他任务来使用进程池
    p.join()       # 这是感知进程池中任务的方法,等待进程池的任务全部执行完
    for el in res_lst:
        print('结果>>>', el.get())

    # time.sleep(4) # 如果把close和join还有for循环都注释掉, 此处等待几秒也可以打印出i
print('主进程结束')
