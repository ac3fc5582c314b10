# Seed 002_6fe2001b76617c50.txt, section ⑽ "Python:進程(threading)": the RLock half of "Lock屬於全局,Rlock屬於線程".
# Teaches: an RLock belongs to the thread that holds it, which may acquire it again (its count goes to 2)
# and must release it as many times: both acquires succeed and the program ends.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# this is 07_lock_acquired_twice.py with threading.RLock() in place of threading.Lock().
import threading

lock = threading.RLock()


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
