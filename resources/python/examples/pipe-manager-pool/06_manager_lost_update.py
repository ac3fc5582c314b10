# Seed 003_ce8d890787a5e45c.txt, "数据共享 Manager", the race.
# Teaches: `m_dic['count'] -= 1` is a read then a write through the proxy, two round trips to the
# manager; 50 processes doing it at once lose updates, so the count usually ends above 50 (not 100 - 50).
# Fixed: nothing; the program is as the seed wrote it.
from multiprocessing import Process, Manager


def func(m_dic):
    m_dic['count'] -= 1


if __name__ == '__main__':
    m = Manager()
    m_dic = m.dict({'count': 100})
    lst = []
    for i in range(50):
        p = Process(target=func, args=(m_dic,))
        p.start()
        lst.append(p)

    [p.join() for p in lst]
    print('主进程>>>', m_dic)
'''
多进程同时获取数据, 修改后重新赋值, 可能同时拿到100, 减1后都把99赋值回去, 得到的数据不准确,数据不安全
可以通过加锁解决
'''
