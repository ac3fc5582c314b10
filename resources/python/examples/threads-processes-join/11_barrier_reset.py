# Seed 002_6fe2001b76617c50.txt, section ⑽ "Python:進程(threading)": threading.Barrier(parties), wait(), reset().
# Teaches: three threads block in wait() until the third arrives, then all pass together; a thread still
# waiting when reset() (or abort()) is called gets BrokenBarrierError.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the threads and the prints, around the calls the seed describes.
import threading
import time

barrier = threading.Barrier(3)


def runner():
    name = threading.current_thread().name
    print(name, 'waiting')
    barrier.wait()
    print(name, 'passed')


def late():
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        print('late runner: BrokenBarrierError')


if __name__ == '__main__':
    threads = [threading.Thread(target=runner, name='runner %d' % n) for n in range(1, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    t = threading.Thread(target=late)
    t.start()
    time.sleep(0.5)
    barrier.reset()
    t.join()
