# Seed 002_6fe2001b76617c50.txt, section ⑽ "Python:進程(threading)": threading.Timer(interval, function), cancel().
# Teaches: a Timer is a thread that calls its function after the interval; cancel() before then means it
# never does: "hello after 1 s" is printed, "never printed" is not.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the two timers and their functions, around the calls the seed describes.
import threading


def hello():
    print('hello after 1 s')


def never():
    print('never printed')


if __name__ == '__main__':
    t1 = threading.Timer(1, hello)
    t2 = threading.Timer(2, never)
    t1.start()
    t2.start()
    t2.cancel()
    t1.join()
    t2.join()
    print('t2 cancelled, t1 done')
