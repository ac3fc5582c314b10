import type { ParsedSyncRequest, SyncReply } from '../../shared/sync';
import { fail } from './primitive';

/** The id the lab's own operations are made under, in holders and producer/consumer lists. */
export const LAB_ID = 'lab';

/**
 * The lab's UI must never hang on a click, so its operations are the non-blocking forms: acquire with
 * blocking=false, put_nowait, get_nowait; waits are refused outright.
 */
export function asLabRequest(request: ParsedSyncRequest): ParsedSyncRequest | SyncReply {
  switch (request.op) {
    case 'acquire':
      return { ...request, blocking: false, timeout: null };
    case 'put':
    case 'get':
      return { ...request, block: false, timeout: null };
    case 'pipe_poll':
      return { ...request, timeout: 0 };
    case 'wait':
    case 'join':
      return fail('ValueError', 'the lab cannot wait');
    default:
      return request;
  }
}
