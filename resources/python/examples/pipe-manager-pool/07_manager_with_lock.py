# Seed 003_ce8d890787a5e45c.txt, "数据共享 Manager", the race fixed with a Lock.
# Teaches: with a multiprocessing.Lock around the read and the write, the 50 decrements happen one at a
# time and the count always ends at 50.
# Fixed: nothing; the program is as the seed wrote it.
# 加锁, 解决数据错乱问题
from multiprocessing import Process, Manager, Lock


def func(m_dic, ml):
    # with ml: 下面的缩进内容等同于 ml.acquire()  ml.release() 之间的内容, 作用: 加锁
    with ml:
        m_dic['count'] -= 1


if __name__ == '__main__':
    m = Manager()
    ml = Lock()
    m_dic = m.dict({'count': 100})
    lst = []
    for i in range(50):
        p = Process(target=func, args=(m_dic, ml))
        p.start()
        lst.append(p)

    [p.join() for p in lst]

    print(m_dic)
