# Seed 000_e6748afd6f81a5c9.txt, section 2.8.5 "生产者消费者模型".
# Teaches: a producer thread puts 10 baozi on a queue.Queue at random intervals while a consumer thread
# looks 10 times at random intervals, taking one when the queue is not empty and printing "no baozi
# anymore" when it is. The consumer eats in the order produced; it may leave some uneaten.
# Fixed: line breaks and indentation restored; the random sleeps are a fifth of the seed's (0 to 0.4 s and
# 0 to 0.6 s instead of 0 to 2 s and 0 to 3 s), so a run takes about 2 s instead of about 15 s.
import time, random
import queue, threading

q = queue.Queue()


def Producer(name):
    count = 0
    while count < 10:
        print("making........")
        time.sleep(random.randrange(3) / 5)
        q.put(count)
        print('Producer %s has produced %s baozi..' % (name, count))
        count += 1
        #q.task_done()
        #q.join()
        print("ok......")


def Consumer(name):
    count = 0
    while count < 10:
        time.sleep(random.randrange(4) / 5)
        if not q.empty():
            data = q.get()
            #q.task_done()
            #q.join()
            print(data)
            print('\033[32;1mConsumer %s has eat %s baozi...\033[0m' % (name, data))
        else:
            print("-----no baozi anymore----")
        count += 1


p1 = threading.Thread(target=Producer, args=('A',))
c1 = threading.Thread(target=Consumer, args=('B',))
# c2 = threading.Thread(target=Consumer, args=('C',))
# c3 = threading.Thread(target=Consumer, args=('D',))
p1.start()
c1.start()
# c2.start()
# c3.start()
