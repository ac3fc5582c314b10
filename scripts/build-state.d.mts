export const root: string;
export function isBuilt(): boolean;
export function ensureBuilt(): void;
