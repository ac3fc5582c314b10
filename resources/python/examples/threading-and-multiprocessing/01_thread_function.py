# Seed 000_e6748afd6f81a5c9.txt, section 2.1.1 "Thread类直接创建".
# Teaches: two threads made from a function; the main thread prints "ending!" at once, and the program
# ends only when both (non-daemon) threads have slept their 3 s.
# Fixed: line breaks and indentation, lost in the seed's text, restored. Nothing else changed.
import threading
import time


def countNum(n):  # 定义某个线程要运行的函数
    print("running on number:%s" % n)
    time.sleep(3)


if __name__ == '__main__':
    t1 = threading.Thread(target=countNum, args=(23,))  # 生成一个线程实例
    t2 = threading.Thread(target=countNum, args=(34,))
    t1.start()  # 启动线程
    t2.start()
    print("ending!")
