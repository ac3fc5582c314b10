# Seed 002_6fe2001b76617c50.txt, section ⑺ "python threading 一定要 join 嗎".
# Teaches: start a batch of threads first, then join them one by one: the threads run at the same time and
# the main thread continues only when the last has ended ("all joined" is the last line, after about 1 s,
# not 10 s as with start() followed at once by join()).
# Fixed: the seed's text lost its spaces and line breaks ("foriinrange(10):"); they are restored. It never
# defines ThreadTest or thread_arr: the class (a thread that sleeps 1 s and says so), the list and the last
# print are ours, the least that makes the fragment run.
import threading
import time


class ThreadTest(threading.Thread):
    def __init__(self, i):
        threading.Thread.__init__(self)
        self.i = i

    def run(self):
        time.sleep(1)
        print('thread %s done' % self.i)


thread_arr = []
for i in range(10):
    t = ThreadTest(i)
    thread_arr.append(t)
for i in range(10):
    thread_arr[i].start()
for i in range(10):
    thread_arr[i].join()
print('all joined')
