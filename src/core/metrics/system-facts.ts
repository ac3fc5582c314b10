import { cpus, release, totalmem, type } from 'node:os';
import si from 'systeminformation';
import type { SystemFacts } from '../../shared/protocol';

/** systeminformation asks the OS through shells on some platforms; a hung one must not hold up the lab. */
const FACT_TIMEOUT_MS = 5000;

/**
 * Static facts for the header, from systeminformation, once at start-up (never in a sampling loop: some of
 * its calls spawn shells). Fails soft: what systeminformation cannot say, Node's `os` says more plainly.
 */
export async function readSystemFacts(): Promise<SystemFacts> {
  const [cpu, os, mem] = await Promise.all([settle(si.cpu()), settle(si.osInfo()), settle(si.mem())]);
  const brand = cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : '';
  const distro = os ? `${os.distro} ${os.release}`.trim() : '';
  return {
    cpuModel: brand || cpus()[0]?.model.trim() || 'unknown CPU',
    cpuSpeedGHz: cpu?.speed || null,
    physicalCores: cpu?.physicalCores || null,
    os: distro || `${type()} ${release()}`,
    memTotal: mem?.total || totalmem() || null,
  };
}

/** The value, or null if the call failed or took longer than FACT_TIMEOUT_MS. */
async function settle<T>(promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), FACT_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
