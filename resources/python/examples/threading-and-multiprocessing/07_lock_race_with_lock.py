# Seed 000_e6748afd6f81a5c9.txt, section 2.4 "互斥锁 (Lock)", case (5), the seed's active case.
# Teaches: the same read-sleep-write as case (4) inside lock.acquire()/release(): the 100 threads take the
# lock one after the other and the program prints num:0.
# Fixed: line breaks and indentation restored; the sleep inside the lock is 0.01 s instead of 0.1 s, so
# the 100 threads pass the lock in about 1 s instead of 10 s (the race it prevents is the same).
import threading, time
'''
线程安全,多线程的问题:
'''
s = time.time()
num = 100
lock = threading.Lock()


def sub():
    # num-=1 #为什么出问题?因为这句本质上是num=num-1,'num='是定义一个局部变量,'num-1'会调用num变量,先找局部,再找全局,
    # 现在局部正在定义num,所以局部找到了num,但是这时num还没有定义,所以报错
    global num
    #(1)-------------
    # tmp=num
    # num=tmp-1
    #(2)------------
    # num-=1
    #---------上面两种情况的执行结果一样,结果为0,因为执行速度快,每个线程获取num后
    #----------(由于Python的gil锁限制,没有真正的多进程)马上就将新值覆盖了回去,
    # ----------所以其他线程执行的时候,都是基于上一个线程的处理结果上进行的-------------------
    # (3)
    # tmp=num
    # time.sleep(0.00001)
    # num=tmp-1
    #---------上面这种情况执行结果不确定,因为赋值,更改之间存在时间差,所以在覆盖原数据之前可能切换到了其他线程,
    #---------重新对同一个值进行了操作,所以并不一定是基于哪个线程的执行结果执行的---------------------------
    # (4)
    # tmp=num
    # time.sleep(0.1)
    # num=tmp-1
    #------------上面这种情况是确定的,因为覆盖原值的间隔过长,使得所有线程执行的基础都是数据的初值
    #---------------所以最后的每个线程都基于初值执行一次,然后不断覆盖之前线程的相同执行结果,最后结果是99
    # (5)
    lock.acquire() #获取锁的占用权,在release之前,所有其他线程无法占用cpu。
    tmp=num
    time.sleep(0.01)
    num=tmp-1
    lock.release()
    #--------------这种情况用加锁的方法,保证了处理数据期间数据的安全,结果0


t = {}
for i in range(100):
    t[i] = threading.Thread(target=sub)
    t[i].start()
for i in range(100):
    t[i].join()
print("num:%s,time%s" % (num, time.time() - s))
