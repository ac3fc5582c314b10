# Seed 000_e6748afd6f81a5c9.txt, section 3.1 "python的进程调用", 继承Process类调用.
# Teaches: a process made by subclassing Process and overriding run(); each prints its default name
# (MyProcess-1, MyProcess-2, MyProcess-3), then "end" after all three are joined.
# Fixed: line breaks and indentation restored. Nothing else changed.
# 继承Process类调用
from multiprocessing import Process
import time


class MyProcess(Process):
    def __init__(self):
        super(MyProcess, self).__init__()
        # self.name = name

    def run(self):
        print('hello', self.name, time.ctime())
        time.sleep(1)


if __name__ == '__main__':
    p_list = []
    for i in range(3):
        p = MyProcess()
        p.start()
        p_list.append(p)

    for p in p_list:
        p.join()

    print('end')
