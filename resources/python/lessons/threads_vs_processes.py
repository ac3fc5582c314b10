"""The same CPU-bound function as N threads, then as N processes: the GIL lesson.

Run by the lab's "Threads vs processes" comparison (docs/python.md), once per mode; from a terminal too:

    python3 threads_vs_processes.py --mode threads --workers 2 --count 20000000

Each worker counts down from --count, in pure Python, so it holds the GIL the whole time it runs. Under a
GIL the threads take turns (about one core in all however many there are); the processes each have an
interpreter, and a GIL, of their own (one core each, as far as the machine has them). A free-threaded
build (3.13t, where sys._is_gil_enabled() is False) runs the threads in parallel too.

Standard library only. The lab takes its figures (per-core load, per-thread CPU) from its own samples of
/proc; the wall time printed here is the work's own, from the first worker started to the last joined.
"""

import argparse
import multiprocessing
import sys
import threading
import time


def count_down(n):
    while n > 0:
        n -= 1


def gil_enabled():
    # Python 3.13 has sys._is_gil_enabled(); before it, every CPython has a GIL.
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def run(mode, workers, count):
    make = threading.Thread if mode == "threads" else multiprocessing.Process
    started = time.perf_counter()
    runners = [make(target=count_down, args=(count,), name=f"counter-{at + 1}") for at in range(workers)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["threads", "processes"], required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--count", type=int, default=20_000_000)
    parser.add_argument("--start-method", choices=multiprocessing.get_all_start_methods(), default=None)
    options = parser.parse_args()
    if options.start_method is not None:
        multiprocessing.set_start_method(options.start_method)
    gil = "with the GIL" if gil_enabled() else "free-threaded, no GIL"
    print(f"{options.workers} {options.mode} counting down from {options.count:,} each ({sys.version.split()[0]}, {gil})", flush=True)
    wall = run(options.mode, options.workers, options.count)
    print(f"{options.workers} {options.mode}: done in {wall:.2f} s", flush=True)


if __name__ == "__main__":
    main()
