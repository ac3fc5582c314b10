# Seed 002_6fe2001b76617c50.txt, section ⑻ "python 多進程": "多進程運行的函數對象,不能是 lambda 函數".
# Teaches: a task is sent to a worker process by pickling its function by name, and a lambda has none
# that the worker could look up: map() raises PicklingError in the parent.
# Fixed: reconstructed. The seed describes this example but its code (an image) did not survive in the text;
# ours: the lambda, the pool and the print of the error's type.
from multiprocessing import Pool

if __name__ == '__main__':
    with Pool(2) as pool:
        try:
            print(pool.map(lambda x: x * x, [1, 2, 3]))
        except Exception as e:
            print(type(e).__name__)
