# Seed 002_6fe2001b76617c50.txt, section ⑻ "python 多進程": "os.getppid() 返回父進程的id。父進程退出後,unix 返回初始化進程(1)中的一個".
# Teaches: a child's parent pid is its parent's, until the parent exits: then the child is reparented to
# init (pid 1) or to the nearest "subreaper" process (a service manager, a container's init, the lab),
# and os.getppid() says so.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the parent leaves with os._exit(0) so that multiprocessing does not wait for its child at exit.
import os
import time
from multiprocessing import Process


def child():
    print('child: my parent is', os.getppid())
    time.sleep(1)
    print('child: after my parent exited, my parent is', os.getppid())


if __name__ == '__main__':
    print('parent: my pid is', os.getpid())
    p = Process(target=child)
    p.start()
    time.sleep(0.5)
    print('parent: exiting without join()')
    os._exit(0)
