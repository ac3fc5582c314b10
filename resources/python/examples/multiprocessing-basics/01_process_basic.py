# Seed 001_d3b3a27ab92d1852.txt, "基础方法", the first program.
# Teaches: five processes started from one function; each prints "working!" and the interpreter waits for
# the (non-daemon) children at exit although the program never joins them.
# Fixed: the seed's line numbers ("1: ") removed and indentation restored. Nothing else changed.
import multiprocessing


def worker():
    print("working!")


if __name__ == '__main__':
    jobs = []
    for i in range(5):
        p = multiprocessing.Process(target=worker)
        jobs.append(p)
        p.start()
