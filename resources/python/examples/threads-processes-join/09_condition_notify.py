# Seed 002_6fe2001b76617c50.txt, section ⑽ "Python:進程(threading)": Condition, wait(), notify(), notifyAll().
# Teaches: three consumers wait() on a Condition (each releases its lock while waiting); the producer
# adds one item and notify() wakes exactly one, then adds two and notify_all() wakes the rest; every
# consumer takes one item: "consumer N got item M" three times, items 1, 2, 3 in that order.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the items list, the thread names and the prints, around the calls the seed describes.
import threading
import time

cond = threading.Condition()
items = []


def consumer():
    with cond:
        while not items:
            cond.wait()
        print('%s got item %s' % (threading.current_thread().name, items.pop(0)))


if __name__ == '__main__':
    consumers = [threading.Thread(target=consumer, name='consumer %d' % n) for n in range(1, 4)]
    for t in consumers:
        t.start()
    time.sleep(0.5)
    with cond:
        items.append(1)
        cond.notify()
    time.sleep(0.5)
    with cond:
        items.extend([2, 3])
        cond.notify_all()
    for t in consumers:
        t.join()
