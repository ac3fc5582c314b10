# Seed 002_6fe2001b76617c50.txt, section ⑻ "python 多進程": "關於map 傳多個函數參數 ... 使用 starmap 而不是 map".
# Teaches: Pool.map passes one argument per task; Pool.starmap unpacks each tuple into several, and
# returns the results in the order of the inputs: [3, 7, 11].
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# the function, its inputs and the prints are ours, after its printed result ("子進程結束", a time).
import time
from multiprocessing import Pool


def add(a, b):
    time.sleep(0.5)
    return a + b


if __name__ == '__main__':
    start = time.time()
    with Pool(3) as pool:
        print(pool.starmap(add, [(1, 2), (3, 4), (5, 6)]))
    print('子進程結束')
    print(time.time() - start)
