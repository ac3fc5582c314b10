# Seed 004_0f1638c234e180fa.txt, "If you want to share memory, use the queue in the multiprocessing module".
# Teaches: ten children each put [n, 'hello'] on one multiprocessing.Queue and the parent gets all ten, in
# the order the children put them.
# Fixed: the seed's text lost its keywords and literals ("Q.put ([N,])", "I (): ..."): the list's second
# element and the count, lost, are 'hello' and 10 here (the Python documentation's example puts
# [42, None, 'hello']; the seed's neighbours use range(10)); print() for Python 3.
from multiprocessing import Process, Queue


def f(q, n):
    q.put([n, 'hello'])


if __name__ == '__main__':
    q = Queue()
    for i in range(10):
        p = Process(target=f, args=(q, i))
        p.start()
    for i in range(10):
        print(q.get())
