# Seed 004_0f1638c234e180fa.txt, "5, inter-process memory sharing: Value,Array".
# Teaches: a Value('d') and an Array('i') live in shared memory, so the child's writes are seen by the
# parent: before, 0.0 and [0, 1, ..., 9]; after, 3.1415927 and [0, -1, -2, ..., -9].
# Fixed: the seed's text lost its keywords, names and string literals ("Multiprocessing Process, Value,
# ARRAYF (N, a): N.value = I ((a))"); restored from the Python documentation's example that the seed
# copies, with the prints before and after that its output shows, print() for Python 3. (The seed's output
# "[0,-1, 2,-3, 4,-5,...]" is garbled: every element is negated.)
from multiprocessing import Process, Value, Array


def f(n, a):
    n.value = 3.1415927
    for i in range(len(a)):
        a[i] = -a[i]


if __name__ == '__main__':
    num = Value('d', 0.0)
    arr = Array('i', range(10))
    print(num.value)
    print(arr[:])

    p = Process(target=f, args=(num, arr))
    p.start()
    p.join()

    print(num.value)
    print(arr[:])
