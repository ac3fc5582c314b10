# Seed 001_d3b3a27ab92d1852.txt, "进程间的通信": multiprocessing.Queue(3).
# Teaches: a queue with maxsize 3 is full after three puts (full() is True), hands the items back in
# order (1, 2, 3), and is then empty (empty() is True).
# Fixed: the seed's line numbers removed. Nothing else changed.
import multiprocessing
q = multiprocessing.Queue(3)

q.put(1)
q.put(2)
q.put(3)
# 满了,返回True
print(q.full())

print(q.get())
print(q.get())
print(q.get())
# 空了,返回True
print(q.empty())
