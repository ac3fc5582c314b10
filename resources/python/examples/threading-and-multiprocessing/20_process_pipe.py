# Seed 000_e6748afd6f81a5c9.txt, section 3.3.2 "管道(pipe)".
# Teaches: Pipe() gives two connected ends; the child sends a list and waits for the reply, the parent
# receives the list, replies "儿子你好!", and the child prints "response 儿子你好!".
# Fixed: line breaks and indentation restored. Nothing else changed (the comment "[42, None, 'hello']"
# comes from the Python documentation's version; this program receives [12, {'name': 'yuan'}, 'hello']).
from multiprocessing import Process, Pipe


def f(conn):
    conn.send([12, {"name": "yuan"}, 'hello'])
    response = conn.recv()
    print("response", response)
    conn.close()


if __name__ == '__main__':
    parent_conn, child_conn = Pipe()

    p = Process(target=f, args=(child_conn,))
    p.start()
    print(parent_conn.recv())  # prints "[42, None, 'hello']"
    parent_conn.send("儿子你好!")
    p.join()
