# Seed 002_6fe2001b76617c50.txt, section ⑷ "Python threading 中join()的作用": "如果沒有join,由於子線程sleep,尚未append到
# tmp_list,例子中print tmp_list為空列表,join後即能在append執行後print出來".
# Teaches: the threads sleep before appending to tmp_list, so the main thread, printing at once, sees [];
# after join() every append has happened: [0, 1, 2].
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the three threads, their 0.5 s sleep and the two prints, around what the prose says they show.
import threading
import time

tmp_list = []


def work(n):
    time.sleep(0.5)
    tmp_list.append(n)


if __name__ == '__main__':
    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    print('without join:', tmp_list)
    for t in threads:
        t.join()
    print('after join:', sorted(tmp_list))
