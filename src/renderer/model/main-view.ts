/** What fills the main area of the window: the process tree, the Sync view, the Pools or the Scenarios. */
export type MainView = 'processes' | 'sync' | 'pools' | 'scenarios';
