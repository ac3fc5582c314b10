# Seed 003_ce8d890787a5e45c.txt, "线程的创建方法一".
# Teaches: a Thread from a function; join() makes the main thread wait, so "123" comes before "主线程".
# Fixed: nothing; the program is as the seed wrote it.
# 线程和进程很像, 一个进程中至少有一个线程, 进程是资源层面的, 线程负责实际的操作

import time
from threading import Thread


def func(n):
    time.sleep(1)   # 子线程运行地太快了, 如果不加time.sleep,会在打印主线程之前跑完
    print(123)


if __name__ == '__main__':
    t = Thread(target=func, args=(1,))
    t.start()
    t.join()      # 等待子线程跑完再执行主线程下面的内容
    print('主线程')
