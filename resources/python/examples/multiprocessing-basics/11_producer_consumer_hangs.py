# Seed 001_d3b3a27ab92d1852.txt, "生产者-消费者模型", the version that hangs.
# Teaches: the consumer loops on q.get() forever, so after the third baozi is eaten it blocks on the empty
# queue and the program never ends (the seed: "上述代码在三个包子被消费完后会卡死"); 12_joinable_queue.py is the fix. "主"
# is printed first: the main process does not wait before printing.
# Fixed: the seed's line numbers removed and indentation restored; the random sleeps are a fifth of the
# seed's (0.2 to 0.6 s instead of 1 to 3 s), so the hang is reached in about 2 s instead of about 10 s.
import multiprocessing
import time, random, os


def consumer(q, name):
    while True:
        res = q.get()
        time.sleep(random.randint(1, 3) / 5)
        print("%s 吃了 %s" % (name, res))


def producer(q, name, food):
    for i in range(3):
        time.sleep(random.randint(1, 3) / 5)
        res = "%s%s" % (food, i)
        q.put(res)
        print("%s 生产了 %s" % (name, res))


if __name__ == '__main__':
    q = multiprocessing.Queue()
    # 生产者
    p1 = multiprocessing.Process(target=producer, args=(q, "egon", "包子"))
    # 消费者
    c1 = multiprocessing.Process(target=consumer, args=(q, "alex"))
    p1.start()
    c1.start()
    print("主")
