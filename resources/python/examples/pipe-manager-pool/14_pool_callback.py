# Seed 003_ce8d890787a5e45c.txt, "回调函数 callback".
# Teaches: func1 runs in a pool worker (its pid differs from the main process's) and its return value,
# 100, is handed to the callback func2, which runs in the main process (its pid is the main one's).
# Fixed: nothing; the program is as the seed wrote it.
import os
from multiprocessing import Process, Pool


def func1(n):
    print('func1', os.getpid())
    return n*n


def func2(nn):
    print('func2', os.getpid())
    print(nn)


if __name__ == '__main__':
    print('主进程:', os.getpid())
    p = Pool(4)
    p.apply_async(func1, args=(10,), callback=func2)   #把func的返回结果传参给func2, func2 在主进程中运行    如果func1返回多个结果, 那么将以元组的形式传给func2
    p.close()
    p.join()
