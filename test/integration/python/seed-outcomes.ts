import { expect } from 'vitest';
import { captures, count, digitBag, digitBagOf, lastLine, lines, range } from './seed-output';
import type { SeedRun } from './seed-run';

/**
 * What each seed program shows that can be checked today from its stdout, stderr and exit code alone, run
 * with a plain interpreter. (What the lab will check from the facts its shim reports is in
 * seed-fact-checks.ts.) No check looks at a clock.
 */
export type SeedOutcome =
  | {
      kind: 'ends';
      /** The exit code; 0 unless said. */
      code?: number;
      /** See RunOptions.buffered: for checks that need whole lines from several processes. */
      buffered?: boolean;
      /** A probabilistic lesson (a race) is run up to this many times until it shows. */
      attempts?: number;
      check: (run: SeedRun) => void;
    }
  | {
      /** Hangs by design: runs until `reached`, then must go still (blocked), and is killed. */
      kind: 'blocks';
      reached: (run: SeedRun) => boolean;
      check: (run: SeedRun) => void;
    };

const ends = (check: (run: SeedRun) => void, more: Omit<Extract<SeedOutcome, { kind: 'ends' }>, 'kind' | 'check'> = {}): SeedOutcome => ({ kind: 'ends', check, ...more });
const blocks = (reached: (run: SeedRun) => boolean, check: (run: SeedRun) => void): SeedOutcome => ({ kind: 'blocks', reached, check });
const printsExactly = (expected: string[]) => ends((run) => expect(lines(run.stdout)).toEqual(expected));
const squares = range(10).map((n) => n * n);

/** "name: N" lines of Python's dict repr. */
const numberKeys = (text: string) => captures(text, /(\d+): \1\b/).map(Number).sort((a, b) => a - b);

export const seedOutcomes: Record<string, SeedOutcome> = {
  'threading-and-multiprocessing/01_thread_function.py': ends((run) => {
    for (const token of ['running on number:23', 'running on number:34', 'ending!']) expect(count(run.stdout, token)).toBe(1);
  }),
  'threading-and-multiprocessing/02_thread_subclass.py': ends((run) => {
    for (const token of ['running on number:56', 'running on number:78', 'ending']) expect(count(run.stdout, token)).toBe(1);
  }),
  'threading-and-multiprocessing/03_join_and_daemon.py': ends((run) => {
    const order = ['Begin listening to FILL ME.', 'Begin recording the .', 'all over', 'end listening', 'end recording'].map((token) => run.stdout.indexOf(token));
    expect(order.every((at) => at >= 0)).toBe(true);
    // No join: "all over" at once; the 3 s thread ends before the 5 s one.
    expect(order[2]).toBeLessThan(order[3]!);
    expect(order[3]).toBeLessThan(order[4]!);
  }),
  'threading-and-multiprocessing/04_gil_counter_processes.py': ends((run) => expect(run.stdout).toMatch(/^Total time: \d+\.\d+$/m)),
  'threading-and-multiprocessing/05_gil_counter_threads.py': ends((run) => expect(run.stdout).toMatch(/^Total time: \d+\.\d+$/m)),
  'threading-and-multiprocessing/06_lock_race_without_lock.py': ends(
    (run) => {
      const num = Number(captures(run.stdout, /num:(-?\d+),/)[0]);
      // The seed says 99: every thread read 100. A lost update is anything but 0.
      expect(num).toBeGreaterThan(0);
    },
    { attempts: 3 },
  ),
  'threading-and-multiprocessing/07_lock_race_with_lock.py': ends((run) => expect(captures(run.stdout, /num:(-?\d+),/)).toEqual(['0'])),
  'threading-and-multiprocessing/08_deadlock_two_locks.py': blocks(
    (run) => count(run.stdout, 'get res') >= 4,
    (run) => {
      expect(run.stdout).toMatch(/^start-+\d/);
      // The block came long before the 40 lines of a full run: 4 in the usual interleaving (Thread-1: ResA,
      // ResB, then ResB in fun2; Thread-2: ResA), when Thread-1 holds mutexB and Thread-2 mutexA.
      expect(count(run.stdout, 'I am Thread-1 , get res: ResA')).toBeGreaterThanOrEqual(1);
      expect(count(run.stdout, 'get res')).toBeLessThan(40);
    },
  ),
  'threading-and-multiprocessing/09_deadlock_fixed_with_rlock.py': ends((run) => {
    expect(count(run.stdout, 'get res')).toBe(40);
    for (const n of range(10)) expect(count(run.stdout, new RegExp(`I am Thread-${n + 1} ,`))).toBe(4);
  }),
  'threading-and-multiprocessing/10_event_redis_ready.py': ends((run) => {
    for (const thread of ['t1', 't2']) {
      const waiting = run.stderr.indexOf(`(${thread}        ) Waiting for redis ready...`);
      const ready = run.stderr.indexOf(`(${thread}        ) redis ready, and connect`);
      expect(waiting).toBeGreaterThanOrEqual(0);
      expect(ready).toBeGreaterThan(run.stderr.indexOf('(MainThread) first of all'));
      expect(ready).toBeGreaterThan(waiting);
    }
  }),
  'threading-and-multiprocessing/11_event_wait_timeout.py': ends(
    (run) => {
      for (const thread of ['t1', 't2']) {
        // wait(2) returned once before the event was set at 3 s: the thread said it was waiting twice.
        expect(count(run.stderr, `(${thread}        ) Waiting for redis ready...`)).toBeGreaterThanOrEqual(2);
        expect(count(run.stderr, `(${thread}        ) redis ready`)).toBe(1);
      }
    },
    { attempts: 3 },
  ),
  'threading-and-multiprocessing/12_semaphore_connection_pool.py': ends((run) => {
    const holders = captures(run.stdout, /(Thread-\d+)[^\n]*? get semaphore/);
    expect(new Set(holders).size).toBe(20);
  }),
  'threading-and-multiprocessing/13_queue_join_task_done.py': printsExactly(['10', '20', 'ending!']),
  'threading-and-multiprocessing/14_lifo_and_priority_queue.py': blocks(
    (run) => lines(run.stdout).length >= 4,
    (run) => expect(lines(run.stdout)).toEqual(["[3, 'hello']", "[4, {'name': 'alex'}]", '[5, 100]', '[7, 200]']),
  ),
  'threading-and-multiprocessing/15_producer_consumer_threads.py': ends((run) => {
    expect(captures(run.stdout, /Producer A has produced (\d+) baozi/).map(Number)).toEqual(range(10));
    const eaten = captures(run.stdout, /Consumer B has eat (\d+) baozi/).map(Number);
    // A queue hands them out in the order made, and the consumer looked 10 times.
    expect(eaten).toEqual(range(eaten.length));
    expect(eaten.length + count(run.stdout, '-----no baozi anymore----')).toBe(10);
  }),
  'threading-and-multiprocessing/16_process_function.py': ends((run) => {
    for (const n of range(3)) expect(count(run.stdout, `alvin:${n}`)).toBe(1);
    expect(lastLine(run.stdout)).toBe('end');
  }),
  'threading-and-multiprocessing/17_process_subclass.py': ends((run) => {
    for (const n of [1, 2, 3]) expect(count(run.stdout, `MyProcess-${n}`)).toBe(1);
    expect(lastLine(run.stdout)).toBe('end');
  }),
  'threading-and-multiprocessing/18_process_pid_ppid.py': ends(
    (run) => {
      expect(captures(run.stdout, /^process id: (\d+)$/m)[0]).toBe(String(run.pid));
      // The main process's parent is this test; both children's is the main process.
      expect(captures(run.stdout, /^parent process: (\d+)$/m).sort()).toEqual([String(process.pid), String(run.pid), String(run.pid)].sort());
      expect(lastLine(run.stdout)).toBe('ending');
    },
    { buffered: true },
  ),
  'threading-and-multiprocessing/19_process_queue.py': ends(
    (run) => {
      expect(count(run.stdout, /^main process \d+$/m)).toBe(1);
      expect(count(run.stdout, /^son process \d+$/m)).toBe(3);
      expect(captures(run.stdout, /^(\d+)$/m).sort()).toEqual(['1', '2', '5']);
    },
    { buffered: true },
  ),
  'threading-and-multiprocessing/20_process_pipe.py': printsExactly(["[12, {'name': 'yuan'}, 'hello']", 'response 儿子你好!']),
  'threading-and-multiprocessing/21_manager_dict_list.py': ends((run) => {
    const [dict, list] = lines(run.stdout);
    expect(numberKeys(dict ?? '')).toEqual(range(10));
    expect(dict).toContain("'name': 'alvin'");
    expect(list).toMatch(/^\[0, 1, 2, 3, 4, /);
    expect(digitBag(list ?? '')).toBe(digitBagOf([...range(5), ...range(10)]));
  }),
  'threading-and-multiprocessing/22_pool_apply_async.py': ends((run) => expect(digitBag(run.stdout)).toBe(digitBagOf(range(30)))),
  'threading-and-multiprocessing/23_queue_put_get.py': printsExactly([
    '10',
    'get(block=False) on an empty queue: queue.Empty',
    'full: True',
    'put(10, block=False) on a full queue: queue.Full',
  ]),

  'multiprocessing-basics/01_process_basic.py': ends((run) => expect(count(run.stdout, 'working!')).toBe(5)),
  'multiprocessing-basics/02_target_from_module.py': ends((run) => expect(count(run.stdout, 'worker')).toBe(5)),
  'multiprocessing-basics/03_process_args.py': ends((run) => expect(captures(run.stdout, /worker(\d)/).sort()).toEqual(['0', '1', '2', '3', '4'])),
  'multiprocessing-basics/04_process_names.py': printsExactly(['MainProcess', 't1', 'Process-2']),
  'multiprocessing-basics/05_daemon_process.py': ends((run) => {
    expect(run.stdout).toMatch(/Starting: daemon \d+/);
    expect(run.stdout).toMatch(/Starting: non-daemon \d+/);
    expect(run.stdout).toMatch(/Exiting : non-daemon \d+/);
    // Terminated when the main process ended, 1 s before it would have said so.
    expect(run.stdout).not.toMatch(/Exiting : daemon/);
  }),
  'multiprocessing-basics/06_join_timeout.py': ends((run) => {
    expect(lines(run.stdout).slice(1)).toEqual([
      'after join(1): t.is_alive() = True',
      expect.stringMatching(/^Exiting : daemon \d+$/),
      'after join(): t.is_alive() = False',
    ]);
  }),
  'multiprocessing-basics/07_terminate_exitcode.py': printsExactly([
    'exit_ok.exitcode = 0',
    'exit_error.exitcode = 1',
    'before terminate(): is_alive() = True',
    'after terminate(): is_alive() = False',
    'slow_worker.exitcode = -15',
  ]),
  'multiprocessing-basics/08_log_to_stderr.py': ends((run) => {
    expect(run.stdout).toContain('Doing some work');
    expect(run.stderr).toMatch(/\[INFO\/Process-1\] child process calling self\.run\(\)/);
    expect(run.stderr).toMatch(/\[INFO\/Process-1\] process exiting with exitcode 0/);
    expect(run.stderr).toMatch(/\[INFO\/MainProcess\] process shutting down/);
  }),
  'multiprocessing-basics/09_process_subclass.py': ends((run) => expect(captures(run.stdout, /InWorker-(\d)/).sort()).toEqual(['1', '2', '3', '4', '5'])),
  'multiprocessing-basics/10_queue_maxsize.py': printsExactly(['True', '1', '2', '3', 'True']),
  'multiprocessing-basics/11_producer_consumer_hangs.py': blocks(
    (run) => count(run.stdout, '吃了') >= 3,
    (run) => {
      expect(captures(run.stdout, /egon 生产了 (包子\d)/)).toEqual(['包子0', '包子1', '包子2']);
      expect(captures(run.stdout, /alex 吃了 (包子\d)/)).toEqual(['包子0', '包子1', '包子2']);
      expect(run.stdout.indexOf('主')).toBe(0);
    },
  ),
  'multiprocessing-basics/12_joinable_queue.py': ends((run) => {
    const made = captures(run.stdout, /egon\d 生产了 (\S+?\d)/).sort();
    const eaten = captures(run.stdout, /alex\d 吃 (\S+?\d)/).sort();
    expect(made).toHaveLength(9);
    expect(eaten).toEqual(made);
    expect(lastLine(run.stdout)).toBe('主process');
  }),

  'threads-processes-join/01_join_loop.py': ends((run) => {
    expect(captures(run.stdout, /thread (\d) done/).sort()).toEqual(range(10).map(String));
    expect(lastLine(run.stdout)).toBe('all joined');
  }),
  'threads-processes-join/02_process_random_sleep.py': ends((run) => {
    for (const name of ['my_jcy', 'my_mm']) {
      expect(run.stdout.indexOf(` ${name} 進程運行結束。`)).toBeGreaterThan(run.stdout.indexOf(` 開始運行 ${name} 進程...`));
    }
    // The main process did not wait for its children before printing its last line.
    expect(run.stdout.indexOf('這里是主進程,已結束!')).toBeLessThan(Math.min(run.stdout.indexOf('my_jcy 進程運行結束'), run.stdout.indexOf('my_mm 進程運行結束')));
  }),
  'threads-processes-join/03_thread_pool_executor.py': ends(
    (run) => {
      expect(run.stdout).toMatch(/^1225$/m);
      expect(run.stdout).toMatch(/^4950$/m);
      expect(count(run.stdout, /ThreadPoolExecutor-0_\d {2}\d+/)).toBe(150);
    },
    { attempts: 3 },
  ),
  'threads-processes-join/04_pool_starmap.py': ends((run) => expect(lines(run.stdout).slice(0, 2)).toEqual(['[3, 7, 11]', '子進程結束'])),
  'threads-processes-join/05_pool_needs_manager_queue.py': printsExactly(['RuntimeError: Queue objects should only be shared between processes through inheritance', '1']),
  'threads-processes-join/06_getppid_reparented.py': ends((run) => {
    expect(captures(run.stdout, /^child: my parent is (\d+)$/m)).toEqual([String(run.pid)]);
    const adoptive = captures(run.stdout, /^child: after my parent exited, my parent is (\d+)$/m);
    expect(adoptive).toHaveLength(1);
    expect(adoptive[0]).not.toBe(String(run.pid));
  }, { attempts: 3 }),
  'threads-processes-join/07_lock_acquired_twice.py': blocks(
    (run) => run.stdout.includes('first acquire'),
    (run) => expect(run.stdout).not.toContain('second acquire'),
  ),
  'threads-processes-join/08_rlock_acquired_twice.py': printsExactly(['first acquire', 'second acquire']),
  'threads-processes-join/09_condition_notify.py': ends((run) => expect(captures(run.stdout, /^consumer \d got item (\d)$/m)).toEqual(['1', '2', '3'])),
  'threads-processes-join/10_timer_cancel.py': printsExactly(['hello after 1 s', 't2 cancelled, t1 done']),
  'threads-processes-join/11_barrier_reset.py': ends((run) => {
    expect(count(run.stdout, 'waiting')).toBe(3);
    expect(count(run.stdout, 'passed')).toBe(3);
    expect(lastLine(run.stdout)).toBe('late runner: BrokenBarrierError');
  }),
  // The threads sleep 0.5 s before appending: the print without join comes first unless this machine stalls.
  'threads-processes-join/12_join_to_see_results.py': ends((run) => expect(lines(run.stdout)).toEqual(['without join: []', 'after join: [0, 1, 2]']), { attempts: 3 }),
  'threads-processes-join/13_pool_map_error.py': printsExactly(['map raised: bad input 3', "[0, 1, 4, 'bad input 3', 16, 25]"]),
  'threads-processes-join/14_pool_lambda_not_picklable.py': printsExactly(['PicklingError']),
  'threads-processes-join/15_process_without_main_guard.py': ends((run) => {
    expect(run.stdout.indexOf(' my_jcy 進程運行結束。')).toBeGreaterThan(run.stdout.indexOf(' 開始運行 my_jcy 進程...'));
    expect(run.stdout).toContain('這里是主進程,已結束!');
  }),

  'pipe-manager-pool/01_pipe_one_process.py': printsExactly(['>>>>>>>>>>>', '你好']),
  'pipe-manager-pool/02_pipe_to_child.py': printsExactly(['你好啊,我叫赛利亚']),
  'pipe-manager-pool/03_pipe_eof_hangs_under_fork.py': blocks(
    (run) => run.stdout.includes('你好啊'),
    // Under fork (Linux's default up to 3.13) the child's own copy of conn1 keeps the pipe open: no EOFError.
    (run) => expect(run.stdout).not.toContain('对方管道已关闭'),
  ),
  'pipe-manager-pool/04_pipe_eof_closed_in_child.py': printsExactly(['你好啊', '对方管道已关闭']),
  'pipe-manager-pool/05_manager_dict.py': printsExactly(["原始>>> {'name': '大佬'}", "主进程>>>> {'name': '大猪蹄子'}"]),
  'pipe-manager-pool/06_manager_lost_update.py': ends(
    (run) => {
      const left = Number(captures(run.stdout, /'count': (\d+)/)[0]);
      // 50 decrements of 100, some lost: more than 50 left.
      expect(left).toBeGreaterThan(50);
      expect(left).toBeLessThan(100);
    },
    { attempts: 3 },
  ),
  'pipe-manager-pool/07_manager_with_lock.py': printsExactly(["{'count': 50}"]),
  'pipe-manager-pool/08_pool_map.py': ends((run) => expect(digitBag(run.stdout)).toBe(digitBagOf(range(100)))),
  'pipe-manager-pool/09_pool_vs_processes_cpu_light.py': ends((run) => {
    expect(run.stdout).toMatch(/^进程池执行时间>>> \d+\.\d+(e-\d+)?$/m);
    expect(run.stdout).toMatch(/^多进程执行时间>>> \d+\.\d+(e-\d+)?$/m);
    const printed = run.stdout.replace(/^.*时间.*$/gm, '');
    expect(digitBag(printed)).toBe(digitBagOf([...range(100), ...range(100)].map((n) => n + 100)));
  }),
  'pipe-manager-pool/10_pool_vs_processes_sleep.py': ends((run) => {
    expect(run.stdout).toMatch(/^数据池执行时间: \d+\.\d+$/m);
    expect(run.stdout).toMatch(/^多进程运行时间: \d+\.\d+$/m);
    const printed = run.stdout.replace(/^.*时间.*$/gm, '');
    expect(digitBag(printed)).toBe(digitBagOf([...range(100), ...range(100)].map((n) => n * n)));
  }),
  'pipe-manager-pool/11_pool_apply.py': printsExactly([...squares.map(String), '主进程结束']),
  'pipe-manager-pool/12_pool_apply_async_get.py': printsExactly([...squares.map(String), '主进程结束']),
  'pipe-manager-pool/13_pool_close_join.py': ends((run) => {
    const resultsAt = run.stdout.indexOf('结果>>>');
    // The workers printed 0..9 before join() returned; then the main process read the results in order.
    expect(digitBag(run.stdout.slice(0, resultsAt))).toBe(digitBagOf(range(10)));
    expect(lines(run.stdout.slice(resultsAt))).toEqual([...squares.map((n) => `结果>>> ${n}`), '主进程结束']);
  }),
  'pipe-manager-pool/14_pool_callback.py': ends((run) => {
    const main = captures(run.stdout, /^主进程: (\d+)$/m);
    expect(main).toEqual([String(run.pid)]);
    expect(captures(run.stdout, /^func2 (\d+)$/m)).toEqual(main);
    const worker = captures(run.stdout, /^func1 (\d+)$/m);
    expect(worker).toHaveLength(1);
    expect(worker[0]).not.toBe(main[0]);
    expect(lastLine(run.stdout)).toBe('100');
  }),
  'pipe-manager-pool/15_thread_function.py': printsExactly(['123', '主线程']),
  'pipe-manager-pool/16_thread_subclass.py': printsExactly(['换汤不换药', 'self.n>>> 你好', '主线程结束']),

  'multiprocess-tour/01_pool_map.py': printsExactly(['[1, 4, 9]']),
  'multiprocess-tour/02_process_info.py': ends((run) => {
    expect(lines(run.stdout).filter((line) => !/^(parent process|process id):/.test(line))).toEqual(['main line', 'module name: __main__', 'function f', 'module name: __main__', 'hello bob']);
    expect(captures(run.stdout, /^parent process: (\d+)$/m)).toEqual([String(process.pid), String(run.pid)]);
  }),
  'multiprocess-tour/03_threads_share_memory.py': ends((run) => {
    const lists = captures(run.stdout, /(\[[\d, ]*\])/).map((list) => list.split(',').length);
    expect(lists).toHaveLength(10);
    // The last to append saw all ten appends.
    expect(Math.max(...lists)).toBe(10);
  }),
  'multiprocess-tour/04_processes_do_not_share.py': ends((run) => {
    expect(captures(run.stdout, /\[(\d)\]/).sort()).toEqual(range(10).map(String));
    expect(run.stdout).not.toMatch(/\[\d+, /);
  }),
  'multiprocess-tour/05_process_queue.py': ends((run) => expect(captures(run.stdout, /^\[(\d), 'hello'\]$/m).sort()).toEqual(range(10).map(String))),
  'multiprocess-tour/06_process_lock.py': ends((run) => expect(captures(run.stdout, /^hello world (\d)$/m).sort()).toEqual(range(10).map(String))),
  'multiprocess-tour/07_value_array.py': printsExactly(['0.0', '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]', '3.1415927', '[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]']),
  'multiprocess-tour/08_manager_dict_list.py': printsExactly(["{1: '1', '2': 2, 0.25: None}", '[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]']),
  // Each square is printed twice, by its worker and by the parent's get(); interleaved, so counted by digits.
  'multiprocess-tour/09_pool_apply_async_timeout.py': ends((run) => expect(digitBag(run.stdout)).toBe(digitBagOf([...squares, ...squares]))),
};

/**
 * The programs whose outcome differs under the spawn start method (macOS's and Windows's default), run
 * with spawn forced from outside (RunOptions.startMethod): what their headers say happens there.
 */
export const spawnOutcomes: Record<string, SeedOutcome> = {
  // No inherited copy of conn1 in the child: the seed's expected EOFError.
  'pipe-manager-pool/03_pipe_eof_hangs_under_fork.py': printsExactly(['你好啊', '对方管道已关闭']),
  // Each of the 4 pool workers imports the module again and runs its top-level print.
  'pipe-manager-pool/13_pool_close_join.py': ends((run) => expect(count(run.stdout, '主进程结束')).toBe(5)),
  'multiprocess-tour/02_process_info.py': ends((run) => expect(captures(run.stdout, /^module name: (\S+)$/m)).toEqual(['__main__', '__mp_main__'])),
  // The parent unlinks the lock's named semaphore at exit before it joins its children, and joins none
  // before that: a child that had not yet rebuilt the lock fails.
  'multiprocess-tour/06_process_lock.py': ends((run) => expect(run.stderr).toContain('FileNotFoundError'), { attempts: 3 }),
  // The child imports the module again, meets p1.start() at its top level, and fails; the parent ends 0.
  'threads-processes-join/15_process_without_main_guard.py': ends((run) => {
    expect(run.stderr).toContain('An attempt has been made to start a new process before the');
    expect(run.stdout).not.toContain('進程運行結束');
    expect(run.stdout).toContain('這里是主進程,已結束!');
  }),
};
