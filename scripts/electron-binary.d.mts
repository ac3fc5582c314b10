export function findElectronBinary(): string | null;
export const electronInstaller: string;
