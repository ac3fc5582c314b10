# Seed 004_0f1638c234e180fa.txt, "3. Thread Shared Memory".
# Teaches: ten threads append to one list, so each sees the others' appends: [0], [0, 1], ... up to
# [0, 1, ..., 9] (in start order here, because each thread is quick).
# Fixed: the seed's text lost its keywords ("Threadingrun (info_list,n): Info_list.append (n)
# info_list__name__ = =: ..."); restored as the program its output shows, with print() for Python 3.
import threading


def run(info_list, n):
    info_list.append(n)
    print(info_list)


if __name__ == '__main__':
    info = []
    for i in range(10):
        p = threading.Thread(target=run, args=[info, i])
        p.start()
