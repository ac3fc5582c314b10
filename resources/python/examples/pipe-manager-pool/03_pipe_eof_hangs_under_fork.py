# Seed 003_ce8d890787a5e45c.txt, "管道错误模拟: 管道关闭, 异常处理".
# Teaches: recv() raises EOFError only when every copy of the other end is closed. The seed expects the
# child to print "对方管道已关闭" after the parent closes conn1; that is what happens under the spawn start
# method (macOS, Windows). Under fork, the default on Linux up to Python 3.13, the child inherited its own
# copy of conn1, still open, so the child prints "你好啊" and then blocks in recv() forever, and the
# parent waits for it at exit: the program hangs. 04_pipe_eof_closed_in_child.py closes that copy.
# Fixed: nothing; the program is as the seed wrote it.
from multiprocessing import Process, Pipe


def func(conn2):
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
    p = Process(target=func, args=(conn2,))
    p.start()
    conn1.send('你好啊')
    conn1.close()
    # conn1.recv()  # OSError: handle is closed
