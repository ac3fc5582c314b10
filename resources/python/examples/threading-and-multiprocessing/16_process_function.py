# Seed 000_e6748afd6f81a5c9.txt, section 3.1 "python的进程调用", Process类调用.
# Teaches: three processes made from a function with multiprocessing.Process, started, then joined: "end"
# is printed after the three "hello alvin:N" lines.
# Fixed: line breaks and indentation restored. Not changed: `for i in p_list: p.join()` joins the last
# process three times and the others never (the seed's slip); "end" still comes last because all three
# sleep the same 1 s, and the interpreter joins the others at exit.
# Process类调用

from multiprocessing import Process
import time


def f(name):
    print('hello', name, time.ctime())
    time.sleep(1)


if __name__ == '__main__':
    p_list = []
    for i in range(3):
        p = Process(target=f, args=('alvin:%s' % i,))
        p_list.append(p)
        p.start()
    for i in p_list:
        p.join()
    print('end')
