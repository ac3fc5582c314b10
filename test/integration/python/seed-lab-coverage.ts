/**
 * Which of seed-fact-checks.ts's checks run under the real lab today (seed-lab.test.ts and
 * seed-lab-more.test.ts), and why each other one does not yet. seed-lab.test.ts proves that every program
 * is in exactly one of the two lists.
 */

/** Checked from the lab's own state and events. */
export const LAB_CHECKED: readonly string[] = [
  // seed-lab.test.ts
  'threading-and-multiprocessing/04_gil_counter_processes.py',
  'threading-and-multiprocessing/05_gil_counter_threads.py',
  'threading-and-multiprocessing/06_lock_race_without_lock.py',
  'threading-and-multiprocessing/07_lock_race_with_lock.py',
  'threading-and-multiprocessing/08_deadlock_two_locks.py',
  'threading-and-multiprocessing/09_deadlock_fixed_with_rlock.py',
  'threading-and-multiprocessing/12_semaphore_connection_pool.py',
  'multiprocessing-basics/07_terminate_exitcode.py',
  'multiprocessing-basics/11_producer_consumer_hangs.py',
  'multiprocessing-basics/12_joinable_queue.py',
  'multiprocess-tour/01_pool_map.py',
  // seed-lab-more.test.ts
  'threading-and-multiprocessing/10_event_redis_ready.py',
  'threading-and-multiprocessing/13_queue_join_task_done.py',
  'threading-and-multiprocessing/16_process_function.py',
  'threading-and-multiprocessing/19_process_queue.py',
  'threading-and-multiprocessing/22_pool_apply_async.py',
  'threading-and-multiprocessing/23_queue_put_get.py',
  'multiprocessing-basics/04_process_names.py',
  'threads-processes-join/07_lock_acquired_twice.py',
  'threads-processes-join/08_rlock_acquired_twice.py',
  'threads-processes-join/09_condition_notify.py',
  'threads-processes-join/11_barrier_reset.py',
  'threading-and-multiprocessing/17_process_subclass.py',
  'multiprocessing-basics/01_process_basic.py',
  'multiprocessing-basics/09_process_subclass.py',
  'multiprocess-tour/06_process_lock.py',
  'pipe-manager-pool/07_manager_with_lock.py',
];

/** A Pool's or an executor's tasks: they reach the lab's Pools view since main's observed pools (merged late in this branch's work; multiprocess-tour/01_pool_map.py's check reads them). */
const POOL_TASKS = "its Pool's or executor's tasks are in the lab's Pools view (observed pools); checks not written yet";
/** The lesson differs under spawn, and a `python` start spec cannot force a start method from outside the program. */
const SPAWN_HALF = 'half of its lesson is under spawn, which a python start spec cannot force (seed-programs.test.ts does it with a sitecustomize); the fork half is checkable, not written yet';
/** What it needs is in the lab's state today (worker rows, thread rows, facts of Pipes, Values, Manager dicts): not written for lack of time. */
const NOT_WRITTEN = "checkable from the lab's rows and facts today; not written yet";

/** Every other program, with why it is not checked under the lab yet. */
export const NOT_YET: Readonly<Record<string, string>> = {
  'multiprocess-tour/02_process_info.py': SPAWN_HALF,
  'multiprocess-tour/03_threads_share_memory.py': NOT_WRITTEN,
  'multiprocess-tour/04_processes_do_not_share.py': NOT_WRITTEN,
  'multiprocess-tour/05_process_queue.py': NOT_WRITTEN,
  'multiprocess-tour/07_value_array.py': NOT_WRITTEN,
  'multiprocess-tour/08_manager_dict_list.py': NOT_WRITTEN,
  'multiprocess-tour/09_pool_apply_async_timeout.py': POOL_TASKS,
  'multiprocessing-basics/02_target_from_module.py': NOT_WRITTEN,
  'multiprocessing-basics/03_process_args.py': NOT_WRITTEN,
  'multiprocessing-basics/05_daemon_process.py': NOT_WRITTEN,
  'multiprocessing-basics/06_join_timeout.py': NOT_WRITTEN,
  'multiprocessing-basics/08_log_to_stderr.py': NOT_WRITTEN,
  'multiprocessing-basics/10_queue_maxsize.py': NOT_WRITTEN,
  'pipe-manager-pool/01_pipe_one_process.py': NOT_WRITTEN,
  'pipe-manager-pool/02_pipe_to_child.py': NOT_WRITTEN,
  'pipe-manager-pool/03_pipe_eof_hangs_under_fork.py': SPAWN_HALF,
  'pipe-manager-pool/04_pipe_eof_closed_in_child.py': NOT_WRITTEN,
  'pipe-manager-pool/05_manager_dict.py': NOT_WRITTEN,
  'pipe-manager-pool/06_manager_lost_update.py': NOT_WRITTEN,
  'pipe-manager-pool/08_pool_map.py': POOL_TASKS,
  'pipe-manager-pool/09_pool_vs_processes_cpu_light.py': POOL_TASKS,
  'pipe-manager-pool/10_pool_vs_processes_sleep.py': POOL_TASKS,
  'pipe-manager-pool/11_pool_apply.py': POOL_TASKS,
  'pipe-manager-pool/12_pool_apply_async_get.py': POOL_TASKS,
  'pipe-manager-pool/13_pool_close_join.py': POOL_TASKS,
  'pipe-manager-pool/14_pool_callback.py': POOL_TASKS,
  'pipe-manager-pool/15_thread_function.py': NOT_WRITTEN,
  'pipe-manager-pool/16_thread_subclass.py': NOT_WRITTEN,
  'threading-and-multiprocessing/01_thread_function.py': NOT_WRITTEN,
  'threading-and-multiprocessing/02_thread_subclass.py': NOT_WRITTEN,
  'threading-and-multiprocessing/03_join_and_daemon.py': NOT_WRITTEN,
  'threading-and-multiprocessing/11_event_wait_timeout.py': NOT_WRITTEN,
  'threading-and-multiprocessing/14_lifo_and_priority_queue.py': NOT_WRITTEN,
  'threading-and-multiprocessing/15_producer_consumer_threads.py': NOT_WRITTEN,
  'threading-and-multiprocessing/18_process_pid_ppid.py': NOT_WRITTEN,
  'threading-and-multiprocessing/20_process_pipe.py': NOT_WRITTEN,
  'threading-and-multiprocessing/21_manager_dict_list.py': NOT_WRITTEN,
  'threads-processes-join/01_join_loop.py': NOT_WRITTEN,
  'threads-processes-join/02_process_random_sleep.py': NOT_WRITTEN,
  'threads-processes-join/03_thread_pool_executor.py': POOL_TASKS,
  'threads-processes-join/04_pool_starmap.py': POOL_TASKS,
  'threads-processes-join/05_pool_needs_manager_queue.py': POOL_TASKS,
  'threads-processes-join/06_getppid_reparented.py': NOT_WRITTEN,
  'threads-processes-join/10_timer_cancel.py': NOT_WRITTEN,
  'threads-processes-join/12_join_to_see_results.py': NOT_WRITTEN,
  'threads-processes-join/13_pool_map_error.py': POOL_TASKS,
  'threads-processes-join/14_pool_lambda_not_picklable.py': POOL_TASKS,
  'threads-processes-join/15_process_without_main_guard.py': SPAWN_HALF,
};
