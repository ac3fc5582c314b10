# Seed 003_ce8d890787a5e45c.txt, "线程的创建方法二".
# Teaches: a Thread subclass with its own __init__ and run(); join() before "主线程结束".
# Fixed: nothing; the program is as the seed wrote it.
from threading import Thread


class MyThread(Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def run(self):
        print('换汤不换药')
        print('self.n>>>', self.n)


if __name__ == '__main__':
    t = MyThread('你好')
    t.start()
    t.join()
    print('主线程结束')
