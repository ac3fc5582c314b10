# Seed 002_6fe2001b76617c50.txt, section ⑽ "Python:進程(threading)": "Lock屬於全局,Rlock屬於線程 ... 線程用Lock的話會死鎖,來看例子".
# Teaches: a thread that acquires a Lock it already holds waits for itself forever (a Lock has no owner);
# the program prints "first acquire" and hangs. 08_rlock_acquired_twice.py does the same with an RLock.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# the two acquire() calls are the whole lesson.
import threading

lock = threading.Lock()


def run():
    lock.acquire()
    print('first acquire')
    lock.acquire()
    print('second acquire')
    lock.release()
    lock.release()


if __name__ == '__main__':
    t = threading.Thread(target=run)
    t.start()
    t.join()
