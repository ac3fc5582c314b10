# Seed 000_e6748afd6f81a5c9.txt, section 2.1.2 "Thread类继承式创建".
# Teaches: a thread made by subclassing threading.Thread and overriding run(); same behaviour as the
# function form: "ending" first, then the program waits for both threads.
# Fixed: line breaks and indentation restored. Nothing else changed.
# 继承Thread式创建

import threading
import time


class MyThread(threading.Thread):
    def __init__(self, num):
        threading.Thread.__init__(self)
        self.num = num

    def run(self):
        print("running on number:%s" % self.num)
        time.sleep(3)


t1 = MyThread(56)
t2 = MyThread(78)
t1.start()
t2.start()
print("ending")
