import { ensureBuilt } from '../../scripts/build-state.mjs';

/** Integration tests run the built worker entries, as the app does. */
export default function setup(): void {
  ensureBuilt();
}
