# Seed 003_ce8d890787a5e45c.txt, "管道", the first program.
# Teaches: the two ends of a Pipe() in one process: what conn1 sends, conn2 receives ("你好" after the
# ">>>>" line); no child process is needed to see a pipe carry a message.
# Fixed: nothing; the program is as the seed wrote it (Process is imported and unused).
from multiprocessing import Process, Pipe

conn1, conn2 = Pipe()
conn1.send('你好')
print('>>>>>>>>>>>')
msg = conn2.recv()
print(msg)
