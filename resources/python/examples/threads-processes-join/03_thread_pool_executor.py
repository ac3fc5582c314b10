# Seed 002_6fe2001b76617c50.txt, section ⑴ "線程池": ThreadPoolExecutor, submit() and Future.
# Teaches: submit() hands a task to a pool of 2 threads and returns a Future at once; done() is False
# while it runs; result() waits for its return value: 1225 (sum of 0..49) and 4950 (sum of 0..99).
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# this is the example its prose is copied from (C语言中文网's ThreadPoolExecutor lesson: "程序將 task 函數提交
# (submit)給線程池後,submit 方法會返回一個 Future 對象"), with the final sleep cut from 3 s to 1 s.
from concurrent.futures import ThreadPoolExecutor
import threading
import time


# 定義一個準備作為線程任務的函數
def action(max):
    my_sum = 0
    for i in range(max):
        print(threading.current_thread().name + '  ' + str(i))
        my_sum += i
    return my_sum


# 創建一個包含2條線程的線程池
pool = ThreadPoolExecutor(max_workers=2)
# 向線程池提交一個task, 50會作為action()函數的參數
future1 = pool.submit(action, 50)
# 向線程池再提交一個task, 100會作為action()函數的參數
future2 = pool.submit(action, 100)
# 判斷future1代表的任務是否結束
print(future1.done())
time.sleep(1)
# 判斷future2代表的任務是否結束
print(future2.done())
# 查看future1代表的任務返回的結果
print(future1.result())
# 查看future2代表的任務返回的結果
print(future2.result())
# 關閉線程池
pool.shutdown()
