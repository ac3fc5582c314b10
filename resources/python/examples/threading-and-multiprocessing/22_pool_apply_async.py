# Seed 000_e6748afd6f81a5c9.txt, section 3.4 "进程池".
# Teaches: Pool(5) runs 30 apply_async tasks five at a time on the same five worker processes; close()
# then join() waits for all of them: the numbers 0..29 appear in batches of about five.
# Fixed: line breaks and indentation restored; each task sleeps 0.5 s instead of 1 s (6 rounds take 3 s
# instead of 6 s).
from multiprocessing import Pool
import time


def foo(args):
    time.sleep(0.5)
    print(args)


if __name__ == '__main__':
    p = Pool(5)
    for i in range(30):
        p.apply_async(func=foo, args=(i,))

    p.close()  # 等子进程执行完毕后关闭线程池
    # time.sleep(2)
    # p.terminate() # 立刻关闭线程池
    p.join()
