# Seed 001_d3b3a27ab92d1852.txt, "基础方法", the second program ("导入第三方文件的目标函数").
# Teaches: the target of each of the five processes is worker.worker, a function of the module worker.py
# next to this file; each prints "worker".
# Fixed: the seed's line numbers removed and indentation restored; the module is named worker.py (the seed
# calls it work.py but imports `worker`).
import multiprocessing
import worker

if __name__ == '__main__':
    jobs = []
    for i in range(5):
        p = multiprocessing.Process(
            target=worker.worker,
        )
        jobs.append(p)
        p.start()
