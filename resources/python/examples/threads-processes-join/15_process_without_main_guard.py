# Seed 002_6fe2001b76617c50.txt, section ⑼ "python多進程報錯": the error before the fix ("當我們希望使用python創建一個多進程運行時,
# 碰到下面的報錯提示 ... 只需要將你的代碼放到 if __name__ == "__main__"下面").
# Teaches: under fork (Linux's default up to 3.13) a process may be started from a module's top level; under
# spawn (macOS, Windows) the child imports the module again to find run(), meets p1.start() again, and
# fails with RuntimeError ("An attempt has been made to start a new process before the current process has
# finished its bootstrapping phase"); 02_process_random_sleep.py is the program with the guard.
# Fixed: reconstructed. The seed's text shows only the error's screenshot caption; this is its test
# program (02_process_random_sleep.py) without the guard, with one process and a 0.2 s sleep.
import time
from multiprocessing import Process


def run(name):
    print(f' 開始運行 {name} 進程...')
    time.sleep(0.2)
    print(f' {name} 進程運行結束。')


p1 = Process(target=run, args=('my_jcy',))
p1.start()
print('這里是主進程,已結束!')
