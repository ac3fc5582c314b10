# Seed 002_6fe2001b76617c50.txt, section ⑻ "python 多進程": "使用 pool.map 子進程 函數報錯,導致整個 pool 掛了 ... 主要你要,
# 對函數內部捕獲錯誤,而不能讓異常拋出就可以了".
# Teaches: an exception raised by one task of map() is raised again in the parent, and map() returns no
# results at all; catching it inside the function (the seed's remedy) turns it into a value, and map()
# returns the other results: [0, 1, 4, 'bad input 3', 16, 25].
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the function, its bad input and the prints.
from multiprocessing import Pool


def f(x):
    if x == 3:
        raise ValueError('bad input %d' % x)
    return x * x


def safe_f(x):
    try:
        return f(x)
    except ValueError as e:
        return str(e)


if __name__ == '__main__':
    with Pool(2) as pool:
        try:
            print(pool.map(f, range(6)))
        except ValueError as e:
            print('map raised:', e)
        print(pool.map(safe_f, range(6)))
