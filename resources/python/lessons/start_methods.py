"""fork vs spawn vs forkserver: one child with each start method, from a parent that holds 200 MB.

Run by the lab like any Python program (docs/python.md, "fork vs spawn vs forkserver"); from a terminal too:

    python3 start_methods.py [--megabytes 200] [--hold 3]
    python3 start_methods.py --method spawn --children 2 [--with-thread]   (one method: the lab's lesson runs each)

What each method shows, in this program's output and in the lab's views:
- start latency: from the parent's Process.start() to the child's first line of its target;
- memory, from the child's own /proc/self/smaps_rollup: a forked child shares its parent's 200 MB
  copy-on-write (RSS about 200 MB, PSS about half of it), a spawned or forkserver child is a fresh
  interpreter (RSS about 10 MB);
- `__main__` re-imported: under spawn and forkserver the top-level line below is printed again, by the
  child (its __name__ is __mp_main__);
- the forkserver and the resource tracker are processes of their own, in the lab's tree;
- the hazard: fork() of a process that runs threads, which 3.12+ warns about (DeprecationWarning).

Standard library only; Linux (smaps_rollup; forkserver is POSIX only).
"""

import argparse
import multiprocessing
import os
import sys
import threading
import time
import warnings

print(f"top level of the main module, in pid {os.getpid()} ({__name__})", flush=True)


def memory():
    """RSS, PSS and shared of this process in MB, from /proc/self/smaps_rollup."""
    figures = {}
    try:
        with open("/proc/self/smaps_rollup") as rollup:
            for line in rollup:
                key, _, value = line.partition(":")
                if value.strip().endswith("kB"):
                    figures[key] = int(value.split()[0]) / 1024
    except OSError:
        return None
    return figures.get("Rss", 0), figures.get("Pss", 0), figures.get("Shared_Clean", 0) + figures.get("Shared_Dirty", 0)


def child(started_at, method, results, hold):
    latency_ms = (time.time() - started_at) * 1000
    results.put((method, os.getpid(), latency_ms, memory()))
    # Stay a moment, so that the lab samples it (its tree row, its memory) before it ends.
    time.sleep(hold)


def run(method, results, hold, children=1):
    """`children` children of one method, all started before any is waited for (so that the lab sees them side by side)."""
    context = multiprocessing.get_context(method)
    processes = []
    for number in range(1, children + 1):
        name = f"{method}-child" if children == 1 else f"{method}-child-{number}"
        process = context.Process(target=child, args=(time.time(), method, results, hold), name=name)
        process.start()
        processes.append(process)
    for _ in processes:
        report(*results.get())
    for process in processes:
        process.join()


def report(method, pid, latency_ms, mem):
    line = f"{method}: child pid {pid} started in {latency_ms:.1f} ms"
    if mem is not None:
        rss, pss, shared = mem
        line += f"; RSS {rss:.0f} MB, PSS {pss:.0f} MB, shared {shared:.0f} MB"
    print(line, flush=True)


def fork_with_threads(results, hold, method="fork", children=1):
    """The hazard: fork() while another thread runs (it may hold a lock the child will never see released)."""
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, name="busy", daemon=True)
    busy.start()
    print(f"starting by {method} while {threading.active_count()} threads run (Python {sys.version.split()[0]})", flush=True)
    with warnings.catch_warnings():
        # Shown wherever it is raised (multiprocessing's own module would hide a DeprecationWarning).
        warnings.simplefilter("always", DeprecationWarning)
        run(method, results, hold, children)
    stop.set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--hold", type=float, default=3.0, help="seconds each child stays, for the lab to sample it")
    parser.add_argument("--method", choices=("fork", "spawn", "forkserver"), help="this start method only (the lab's lesson runs each in turn)")
    parser.add_argument("--children", type=int, default=1, help="with --method: how many children, started together")
    parser.add_argument("--with-thread", action="store_true", help="with --method: start them while another thread runs")
    options = parser.parse_args()
    # Written, not just reserved: bytes * n fills every page, so they are the parent's resident memory.
    ballast = b"\x01" * (options.megabytes * 1024 * 1024)
    rss, pss, shared = memory() or (0, 0, 0)
    print(f"parent pid {os.getpid()} holds {len(ballast) // (1024 * 1024)} MB: RSS {rss:.0f} MB, PSS {pss:.0f} MB", flush=True)
    # A queue of the default context (a pipe and a lock): it starts the resource tracker on first use of a semaphore.
    results = multiprocessing.get_context("spawn").SimpleQueue()
    if options.method is not None:
        if options.with_thread:
            fork_with_threads(results, options.hold, options.method, options.children)
        else:
            run(options.method, results, options.hold, options.children)
        return
    for method in ("fork", "spawn", "forkserver"):
        if method in multiprocessing.get_all_start_methods():
            run(method, results, options.hold)
    fork_with_threads(results, options.hold)


if __name__ == "__main__":
    main()
