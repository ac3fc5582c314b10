# Seed 003_ce8d890787a5e45c.txt, "管道错误模拟", made to work under fork too (a variant of
# 03_pipe_eof_hangs_under_fork.py).
# Teaches: the child closes its inherited copy of conn1 first, so once the parent closes its own the pipe
# has no writer left: recv() raises EOFError and the child prints "对方管道已关闭"; the program ends, whatever
# the start method.
# Fixed: the child also receives conn1 and closes it before its loop (the usual remedy, from the course
# this seed follows: "left.close()"); the rest is 03_pipe_eof_hangs_under_fork.py unchanged.
from multiprocessing import Process, Pipe


def func(conn1, conn2):
    conn1.close()
    while 1:
        try:
            # 如果管道一端关闭了, 另外一端接收消息时会报错, 要使用异常处理
            msg = conn2.recv()
            print(msg)
        except EOFError:
            print('对方管道已关闭')
            conn2.close()
            break


if __name__ == '__main__':
    conn1, conn2 = Pipe()
    p = Process(target=func, args=(conn1, conn2))
    p.start()
    conn1.send('你好啊')
    conn1.close()
    # conn1.recv()  # OSError: handle is closed
