# Seed 000_e6748afd6f81a5c9.txt, section 2.6 "Event对象", the first program.
# Teaches: two worker threads block in event.wait() until the main thread, after a 3 s "check of the Redis
# server", calls set(): both wake together. Its output goes to stderr (logging).
# Fixed: line breaks and indentation restored. The seed's name `readis_ready` is kept.
import threading
import time
import logging

logging.basicConfig(level=logging.DEBUG, format='(%(threadName)-10s) %(message)s',)


def worker(event):
    logging.debug('Waiting for redis ready...')
    event.wait()
    logging.debug('redis ready, and connect to redis server and do some work [%s]', time.ctime())
    time.sleep(1)


def main():
    readis_ready = threading.Event()
    t1 = threading.Thread(target=worker, args=(readis_ready,), name='t1')
    t1.start()

    t2 = threading.Thread(target=worker, args=(readis_ready,), name='t2')
    t2.start()

    logging.debug('first of all, check redis server, make sure it is OK, and then trigger the redis ready event')
    time.sleep(3)  # simulate the check progress
    readis_ready.set()


if __name__ == "__main__":
    main()
