# Seed 003_ce8d890787a5e45c.txt, "数据共享 Manager", the first program.
# Teaches: a dict held by a Manager's server process is changed by a child through its proxy, and the
# parent sees the change: 原始>>> {'name': '大佬'} then 主进程>>>> {'name': '大猪蹄子'}.
# Fixed: nothing; the program is as the seed wrote it.
from multiprocessing import Process, Manager


def func(m_dic):
    m_dic['name'] = '大猪蹄子'    # 修改共享数据


if __name__ == '__main__':
    m = Manager()
    m_dic = m.dict({'name': '大佬'})  # 创建共享数据
    print('原始>>>', m_dic)                # 打印初始共享数据
    p = Process(target=func, args=(m_dic,))
    p.start()
    p.join()
    print('主进程>>>>', m_dic)    # 打印的是修改后的共享数据
