# Seed 000_e6748afd6f81a5c9.txt, section 2.8.2 "join与task_done方法".
# Teaches: q.join() returns once every item put has been matched by a task_done(); here both items are
# taken and marked done first, so "ending!" is printed after 10 and 20.
# Fixed: the seed has this program inside a ''' string; it is taken out of it, with its line breaks
# restored. Nothing else changed.
import queue

q = queue.Queue(5)
q.put(10)
q.put(20)
print(q.get())
q.task_done()
print(q.get())
q.task_done()

q.join()

print("ending!")
