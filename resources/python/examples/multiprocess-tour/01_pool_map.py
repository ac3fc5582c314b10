# Seed 004_0f1638c234e180fa.txt, "1: The most basic wording".
# Teaches: Pool(5).map(f, [1, 2, 3]) runs f in worker processes and returns the results in the order of
# the inputs: [1, 4, 9].
# Fixed: line breaks, indentation and letter case restored ("From multiprocessing import pooldef F (x)",
# "__name__ = = ' __main__ '"). Nothing else changed.
from multiprocessing import Pool


def f(x):
    return x*x


if __name__ == '__main__':
    p = Pool(5)
    print(p.map(f, [1, 2, 3]))
