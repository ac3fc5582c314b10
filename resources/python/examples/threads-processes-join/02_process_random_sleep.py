# Seed 002_6fe2001b76617c50.txt, section ⑼ "python多進程報錯", the test program.
# Teaches: the main process prints its last line at once and does not wait for its two children before
# printing; each child sleeps 1 to 4 s, so they end in either order; the program ends when both have.
# Process creation sits under `if __name__ == "__main__":`, the seed's fix for the spawn error.
# Fixed: indentation, lost in the seed's text, restored. Nothing else changed.
import time
import random
from multiprocessing import Process


def run(name):
    print(f' 開始運行 {name} 進程...')
    # 睡眠一個1~5的隨機數,做進程對比
    time.sleep(random.randrange(1, 5))
    print(f' {name} 進程運行結束。')


if __name__ == "__main__":
    p1 = Process(target=run, args=('my_jcy',))  # 必須加,號
    p2 = Process(target=run, args=('my_mm',))  # 必須加,號
    p1.start()
    p2.start()
    print('這里是主進程,已結束!')
