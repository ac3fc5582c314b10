# Seed 001_d3b3a27ab92d1852.txt, "派生进程".
# Teaches: a subclass of multiprocessing.Process overriding run(); the five print InWorker-1..InWorker-5
# (no space: the seed's format string) and are joined.
# Fixed: the seed's line numbers removed and indentation restored. Nothing else changed.
import multiprocessing


class Worker(multiprocessing.Process):
    def run(self):
        print("In{}".format(self.name))
        return


if __name__ == '__main__':
    jobs = []
    for i in range(5):
        p = Worker()
        jobs.append(p)
        p.start()
    for j in jobs:
        j.join()
