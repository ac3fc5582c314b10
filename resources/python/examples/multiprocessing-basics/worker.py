# Seed 001_d3b3a27ab92d1852.txt, "基础方法", the module of the second program (02_target_from_module.py imports it).
# Teaches: a process's target may live in another module; the child finds it by importing that module.
# Fixed: the seed calls this file work.py but its program does `import worker`; it is named worker.py so
# that the import works. Line numbers removed, indentation restored.


def worker():
    print("worker")
    return
