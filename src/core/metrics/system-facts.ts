import si from 'systeminformation';
import type { SystemFacts } from '../../shared/protocol';

/**
 * Static facts for the header, from systeminformation, once at start-up (never in a sampling loop: some of
 * its calls spawn shells). Fails soft: whatever could not be read stays unknown.
 */
export async function readSystemFacts(): Promise<SystemFacts> {
  const [cpu, os, mem] = await Promise.allSettled([si.cpu(), si.osInfo(), si.mem()]);
  const value = <T>(result: PromiseSettledResult<T>): T | null => (result.status === 'fulfilled' ? result.value : null);
  const cpuInfo = value(cpu);
  const osInfo = value(os);
  return {
    cpuModel: cpuInfo ? `${cpuInfo.manufacturer} ${cpuInfo.brand}`.trim() : 'unknown CPU',
    cpuSpeedGHz: cpuInfo?.speed || null,
    physicalCores: cpuInfo?.physicalCores || null,
    os: osInfo ? `${osInfo.distro} ${osInfo.release}`.trim() : process.platform,
    memTotal: value(mem)?.total ?? null,
  };
}
