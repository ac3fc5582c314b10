import { useCallback } from 'react';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import type { LabClient } from '../transport/lab-client';

const TITLES: Readonly<Record<CommandToSend['type'], string>> = {
  start: 'Start refused:',
  join: 'Join refused:',
  close: 'Close refused:',
  terminate: 'Terminate refused:',
  kill: 'Kill refused:',
  signal: 'Signal refused:',
  terminateTree: 'Terminate tree refused:',
  terminateAll: 'Terminate all refused:',
  'process.signal': 'Signal refused:',
  'process.terminate': 'Terminate refused:',
  configure: 'Settings refused:',
  'sync.create': 'New primitive refused:',
  'sync.operate': 'Refused:',
  'sync.delete': 'Delete refused:',
  'sync.stepMode': 'Step mode refused:',
  'sync.release': 'Release refused:',
  'sync.stepAgain': 'Again refused:',
  'pool.create': 'New pool refused:',
  'pool.apply': 'Apply refused:',
  'pool.map': 'Map refused:',
  'pool.cancel': 'Cancel refused:',
  'pool.close': 'Close refused:',
  'pool.terminate': 'Terminate refused:',
  'pool.join': 'Join refused:',
  'pool.shutdown': 'Shutdown refused:',
  'pool.resize': 'Resize refused:',
  'pool.delete': 'Delete refused:',
  'lesson.compare': 'Comparison refused:',
  'lesson.startMethods': 'Lesson refused:',
  'scenario.run': 'Scenario refused:',
  'scenario.step': 'Step refused:',
  'scenario.reset': 'Reset refused:',
  'scenario.reload': 'Reload refused:',
};

/** Sends a command; a refusal becomes a toast with the lab's own words. */
export function useCommands(client: LabClient, onError: (title: string, message: string) => void): (command: CommandToSend) => Promise<CommandOutcome> {
  return useCallback(
    async (command: CommandToSend) => {
      const outcome = await client.send(command);
      if (!outcome.ok) onError(TITLES[command.type], outcome.error);
      return outcome;
    },
    [client, onError],
  );
}
