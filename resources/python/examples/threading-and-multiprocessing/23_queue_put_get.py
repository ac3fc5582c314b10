# Seed 000_e6748afd6f81a5c9.txt, section 2.8.1 "get与put方法".
# Teaches: put() adds at the tail and get() takes from the head; without blocking, get() on an empty queue
# raises queue.Empty and put() on a full one (maxsize 10) raises queue.Full, where blocking calls would wait.
# Fixed: the seed gives these lines as fragments inside a ''' string (q = queue.Queue(maxsize = 10),
# q.put(10), q.get()) and says in words what block=False does; the prints, the loop that fills the queue
# and the two try/except are ours, the least that shows what it says.
import queue

q = queue.Queue(maxsize = 10)
q.put(10)
print(q.get())

try:
    q.get(block=False)
except queue.Empty:
    print('get(block=False) on an empty queue: queue.Empty')

for i in range(10):
    q.put(i)
print('full:', q.full())
try:
    q.put(10, block=False)
except queue.Full:
    print('put(10, block=False) on a full queue: queue.Full')
