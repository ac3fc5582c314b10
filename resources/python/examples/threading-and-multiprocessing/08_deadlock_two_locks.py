# Seed 000_e6748afd6f81a5c9.txt, section 2.5 "死锁与递归锁", the deadlock.
# Teaches: the two-lock deadlock. Thread-1 takes mutexA then mutexB and releases both, then takes mutexB
# and sleeps; meanwhile Thread-2 takes mutexA and waits for mutexB, and Thread-1 waits for mutexA: the two
# wait for each other forever (the other 8 threads wait on mutexA) and the program never ends.
# Fixed: line breaks and indentation restored. Nothing else changed: the program hangs by design.
import threading
import time

mutexA = threading.Lock()
mutexB = threading.Lock()


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
'''
结果就是,线程一获取ab锁之后先后释放,然后线程二获得a锁,线程一获得b锁,然后线程一需要a锁,二需要b锁,然后就两个进程僵持住了
'''
