# Seed 000_e6748afd6f81a5c9.txt, section 2.6 "Event对象", the second program (wait with a timeout).
# Teaches: event.wait(2) returns after 2 s even when the event is not set, so each worker logs "Waiting
# for redis ready..." again every 2 s until the main thread sets the event at 3 s.
# Fixed: the seed prints only the new worker(); the rest of the program is the first one's
# (10_event_redis_ready.py), unchanged. Line breaks and indentation restored.
import threading
import time
import logging

logging.basicConfig(level=logging.DEBUG, format='(%(threadName)-10s) %(message)s',)


def worker(event):
    while not event.is_set():
        logging.debug('Waiting for redis ready...')
        event.wait(2)
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
