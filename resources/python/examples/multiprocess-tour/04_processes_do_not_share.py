# Seed 004_0f1638c234e180fa.txt, "Process does not share memory".
# Teaches: the same program as 03_threads_share_memory.py with processes: each child appends to its own
# copy of the list, so each prints a list of one element, [0] .. [9], in the order they happen to run.
# Fixed: the seed's text lost its keywords ("Multiprocessing Processrun (info_list,n): ..."); restored as
# the program its output shows, with print() for Python 3.
from multiprocessing import Process


def run(info_list, n):
    info_list.append(n)
    print(info_list)


if __name__ == '__main__':
    info = []
    for i in range(10):
        p = Process(target=run, args=[info, i])
        p.start()
