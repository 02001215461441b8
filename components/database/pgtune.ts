/** The Postgres settings pgtune derives for a web workload. */
export interface PostgresTuning {
  readonly max_connections: string;
  readonly shared_buffers: string;
  readonly effective_cache_size: string;
  readonly maintenance_work_mem: string;
  readonly work_mem: string;
}

const KB_PER_MB = 1024;
const KB_PER_GB = 1024 * 1024;
const WEB_MAX_CONNECTIONS = 200;
/** pgtune caps maintenance_work_mem at 2 GB. */
const MAINTENANCE_WORK_MEM_CAP_KB = 2 * KB_PER_GB;

/**
 * A memory size as Postgres reads it: whole GB or MB when exact; work_mem of 10 MB or more is
 * rounded down to whole MB (seed 003 writes 10MB for pgtune's 10485kB), smaller sizes in kB.
 */
export function formatMemory(kb: number): string {
  if (kb % KB_PER_GB === 0) {
    return `${kb / KB_PER_GB}GB`;
  }
  if (kb % KB_PER_MB === 0 || kb >= 10 * KB_PER_MB) {
    return `${Math.floor(kb / KB_PER_MB)}MB`;
  }
  return `${Math.floor(kb)}kB`;
}

/**
 * pgtune's web profile: a quarter of RAM for shared_buffers, three quarters as cache estimate,
 * a sixteenth for maintenance, and work_mem sized so every connection can sort three times in
 * what shared_buffers leaves.
 */
export function pgtuneWeb(memoryGb: number): PostgresTuning {
  const totalKb = memoryGb * KB_PER_GB;
  const sharedBuffersKb = totalKb / 4;
  return {
    max_connections: String(WEB_MAX_CONNECTIONS),
    shared_buffers: formatMemory(sharedBuffersKb),
    effective_cache_size: formatMemory((totalKb * 3) / 4),
    maintenance_work_mem: formatMemory(Math.min(totalKb / 16, MAINTENANCE_WORK_MEM_CAP_KB)),
    work_mem: formatMemory((totalKb - sharedBuffersKb) / (WEB_MAX_CONNECTIONS * 3)),
  };
}
