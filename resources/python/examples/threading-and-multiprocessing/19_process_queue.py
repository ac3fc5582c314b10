# Seed 000_e6748afd6f81a5c9.txt, section 3.3.1 "进程对列Queue".
# Teaches: a multiprocessing.Queue carries values from three child processes to the parent, which gets
# 1, 2 and 5 (n*n+1 for n = 0, 1, 2) in the order the children finish. Under fork each child's q is the
# parent's object copied with its memory (same id); under spawn it is rebuilt in the child (another id).
# Fixed: line breaks and indentation restored. Nothing else changed.
from multiprocessing import Process, Queue
import queue


def f(q, n):
    #q.put([123, 456, 'hello'])
    q.put(n * n + 1)
    print("son process", id(q))


if __name__ == '__main__':
    q = Queue()  #try: q=queue.Queue()
    #在main内定义
    print("main process", id(q))

    for i in range(3):
        p = Process(target=f, args=(q, i))
        p.start()

    print(q.get())
    print(q.get())
    print(q.get())
