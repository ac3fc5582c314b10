# Seed 003_ce8d890787a5e45c.txt, "管道", the second program.
# Teaches: the parent sends on conn1 and the child, blocked in conn2.recv() until then, prints the message.
# Fixed: nothing; the program is as the seed wrote it.
from multiprocessing import Process, Pipe


def func1(conn2):
    msg = conn2.recv()
    print(msg)


if __name__ == '__main__':
    conn1, conn2 = Pipe()
    p = Process(target=func1, args=(conn2,))
    p.start()
    conn1.send('你好啊,我叫赛利亚')
