# Seed 001_d3b3a27ab92d1852.txt, "确定当前的进程": the default name, or a name passed when the Process is made.
# Teaches: multiprocessing.current_process().name inside each process: MainProcess in the parent, t1 for
# the process created with name="t1", and a default name (Process-2) for one created without.
# Fixed: the seed gives two fragments (`name = multiprocessing.current_process().name` and the
# Process(name="t1", target=work) call); the function work(), the second, unnamed process, the main guard
# and the start/join calls are ours, the least that makes the fragments run.
import multiprocessing


def work():
    name = multiprocessing.current_process().name
    print(name)


if __name__ == '__main__':
    work()
    t = multiprocessing.Process(
        name="t1",
        target=work,
    )
    t.start()
    t.join()
    unnamed = multiprocessing.Process(target=work)
    unnamed.start()
    unnamed.join()
