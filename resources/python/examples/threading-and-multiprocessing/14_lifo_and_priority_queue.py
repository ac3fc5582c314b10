# Seed 000_e6748afd6f81a5c9.txt, section 2.8.4 "其他模式".
# Teaches: a LifoQueue (filled, then dropped) and a PriorityQueue, which hands out the lowest entry first:
# [3, 'hello'], [4, {'name': 'alex'}], [5, 100], [7, 200]. Then `while 1: q.get()` blocks forever on the
# empty queue: the program never ends by itself (stop it from the lab or with Ctrl-C).
# Fixed: line breaks and indentation restored. Nothing else changed: the endless loop is the seed's.
import queue

#先进后出

q = queue.LifoQueue()

q.put(34)
q.put(56)
q.put(12)

#优先级
q = queue.PriorityQueue()
q.put([5, 100])
q.put([7, 200])
q.put([3, "hello"])
q.put([4, {"name": "alex"}])

while 1:
    data = q.get()
    print(data)
