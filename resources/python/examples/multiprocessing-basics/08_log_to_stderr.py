# Seed 001_d3b3a27ab92d1852.txt, "日志": multiprocessing.log_to_stderr().
# Teaches: multiprocessing's own logger, sent to stderr at DEBUG level, narrates the child's life:
# "child process calling self.run()", "process shutting down", "process exiting with exitcode 0".
# Fixed: the seed writes `multiprocess` for the module multiprocessing and `__name` for `__name__`;
# `import logging, multiprocessing` and the target worker() (one print) are ours. The seed's other way,
# get_logger() and setLevel(), is kept as a comment.
import logging
import multiprocessing


def worker():
    print('Doing some work')


if __name__ == '__main__':
    multiprocessing.log_to_stderr(logging.DEBUG)
    p = multiprocessing.Process(target=worker)
    p.start()
    p.join()

# 也可以直接拿到这个日志对象来处理。
# logger = multiprocessing.get_logger()
# logger.setLevel(logging.INFO)
