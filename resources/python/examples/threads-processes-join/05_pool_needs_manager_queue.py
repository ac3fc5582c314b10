# Seed 002_6fe2001b76617c50.txt, section ⑸ "Python入門系列": "如果要使用Pool創建進程,就需要使用multiprocessing.Manager()中的
# Queue(),而不是multiprocessing.Queue()".
# Teaches: a multiprocessing.Queue cannot be sent to a Pool's worker as a task argument ("RuntimeError:
# Queue objects should only be shared between processes through inheritance"); a Manager().Queue() proxy
# can, and the item the worker puts arrives: 1.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# the function and the prints are ours, around the error message the seed quotes.
import multiprocessing
from multiprocessing import Pool, Manager


def put_item(q, i):
    q.put(i)


if __name__ == '__main__':
    pool = Pool(2)
    q = multiprocessing.Queue()
    try:
        pool.apply(put_item, (q, 1))
    except RuntimeError as e:
        print('RuntimeError:', e)

    q = Manager().Queue()
    pool.apply(put_item, (q, 1))
    print(q.get())
