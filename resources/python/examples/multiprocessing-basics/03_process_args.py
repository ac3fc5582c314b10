# Seed 001_d3b3a27ab92d1852.txt, "基础方法", the third program ("要传递参数的话,这个参数必须能pickle序列化").
# Teaches: arguments reach the child through args=(i,) and must be picklable; the five processes print
# worker0..worker4 (the seed shows them in order; the order is up to the scheduler).
# Fixed: the seed's line numbers removed and indentation restored. Nothing else changed.
import multiprocessing


def worker(i):
    print("worker%s" % i)


if __name__ == '__main__':
    jobs = []
    for i in range(5):
        p = multiprocessing.Process(target=worker, args=(i,))
        jobs.append(p)
        p.start()
