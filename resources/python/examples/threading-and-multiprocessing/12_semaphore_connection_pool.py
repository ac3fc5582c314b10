# Seed 000_e6748afd6f81a5c9.txt, section 2.7 "Semaphore(信号量)".
# Teaches: Semaphore(5) lets at most 5 of the 20 threads hold it at once (a connection-pool limit): the
# "get semaphore" lines come in batches of five.
# Fixed: line breaks and indentation restored; each holder sleeps 1 s instead of 2 s (4 batches take 4 s
# instead of 8 s). Not changed: threading.currentThread() and getName() are deprecated since Python 3.10
# and print a DeprecationWarning on stderr; they still work, and are kept as the seed wrote them.
import threading
import time

semaphore = threading.Semaphore(5)


def func():
    if semaphore.acquire():
        print(threading.currentThread().getName() + ' get semaphore')
        time.sleep(1)
        semaphore.release()


for i in range(20):
    t1 = threading.Thread(target=func)
    t1.start()
