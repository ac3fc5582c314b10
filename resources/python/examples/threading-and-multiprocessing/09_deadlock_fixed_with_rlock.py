# Seed 000_e6748afd6f81a5c9.txt, section 2.5 "死锁与递归锁", the RLock fix.
# Teaches: with one re-entrant lock in place of the two locks, a thread that holds it may take it again
# (its counter goes up and down), so the 10 threads pass one after the other and the program ends.
# Fixed: the seed shows only the line `mutex = threading.RLock()` and says to use it instead of the two
# Locks; here both names are bound to that one RLock (`mutexA = mutexB = threading.RLock()`), so the rest
# of 08_deadlock_two_locks.py is unchanged. Line breaks and indentation restored.
import threading
import time

# 上面的例子如果使用RLock代替Lock,则不会发生死锁
mutexA = mutexB = threading.RLock()


class MyThread(threading.Thread):
    def __init__(self):
        threading.Thread.__init__(self)

    def run(self):
        self.fun1()
        self.fun2()

    def fun1(self):
        mutexA.acquire()  # 如果锁被占用,则阻塞在这里,等待锁的释放
        print("I am %s , get res: %s---%s" % (self.name, "ResA", time.time()))
        mutexB.acquire()
        print("I am %s , get res: %s---%s" % (self.name, "ResB", time.time()))
        mutexB.release()
        mutexA.release()

    def fun2(self):
        mutexB.acquire()
        print("I am %s , get res: %s---%s" % (self.name, "ResB", time.time()))
        time.sleep(0.2)
        mutexA.acquire()
        print("I am %s , get res: %s---%s" % (self.name, "ResA", time.time()))
        mutexA.release()
        mutexB.release()


if __name__ == "__main__":
    print("start---------------------------%s" % time.time())
    for i in range(0, 10):
        my_thread = MyThread()
        my_thread.start()
