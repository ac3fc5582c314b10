# Seed 000_e6748afd6f81a5c9.txt, section 3.3.3 "manager".
# Teaches: a Manager's server process holds a dict and a list that ten child processes change through
# proxies: the parent sees d = {0: 0, ..., 9: 9, 'name': 'alvin'} (keys in the children's order) and
# l = [0, 1, 2, 3, 4] followed by 0..9 in the order the children ran.
# Fixed: line breaks and indentation restored. Nothing else changed.
from multiprocessing import Process, Manager


def f(d, l, n):
    d[n] = n
    d["name"] = "alvin"
    l.append(n)
    #print("l",l)


if __name__ == '__main__':
    with Manager() as manager:
        d = manager.dict()

        l = manager.list(range(5))
        p_list = []

        for i in range(10):
            p = Process(target=f, args=(d, l, i))
            p.start()
            p_list.append(p)

        for res in p_list:
            res.join()

        print(d)
        print(l)
