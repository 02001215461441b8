/** A storage size as claims take it: a whole number of Mi, Gi or Ti, e.g. `20Gi`. */
const STORAGE_QUANTITY = /^[1-9]\d{0,5}(Mi|Gi|Ti)$/;

/** True for sizes like `1Gi`, `512Mi`, `2Ti`. */
export function isStorageQuantity(value: string): boolean {
  return STORAGE_QUANTITY.test(value);
}

/** Throws unless `value` is a storage quantity; components call it on their size args. */
export function requireStorageQuantity(what: string, value: string): string {
  if (!isStorageQuantity(value)) {
    throw new Error(`${what} "${value}" is not a storage size such as 20Gi`);
  }
  return value;
}

const MEMORY_QUANTITY = /^([1-9]\d{0,6})(Mi|Gi)$/;
const CPU_QUANTITY = /^([1-9]\d{0,5}m|[1-9]\d{0,2}(\.\d{1,3})?|0\.\d{1,3})$/;

/** True for container memory such as `512Mi` or `2Gi`. */
export function isMemoryQuantity(value: string): boolean {
  return MEMORY_QUANTITY.test(value);
}

/** True for container cpu such as `250m`, `2` or `0.5`. */
export function isCpuQuantity(value: string): boolean {
  return CPU_QUANTITY.test(value);
}

/** MiB in a memory quantity (`2Gi` -> 2048), or undefined when it is not one. */
export function memoryMebibytes(value: string): number | undefined {
  const m = MEMORY_QUANTITY.exec(value);
  return m ? Number(m[1]) * (m[2] === "Gi" ? 1024 : 1) : undefined;
}

/** Millicores in a cpu quantity (`2` -> 2000), or undefined when it is not one. */
export function cpuMillis(value: string): number | undefined {
  if (!isCpuQuantity(value)) {
    return undefined;
  }
  return value.endsWith("m") ? Number(value.slice(0, -1)) : Math.round(Number(value) * 1000);
}

/**
 * Redis' `--maxmemory` for a container memory limit: 80%, leaving room for Redis' own overhead
 * and fragmentation, so Redis evicts (or refuses writes) before the kernel kills the container.
 */
export function redisMaxMemory(limit: string): string {
  const mib = memoryMebibytes(limit);
  if (mib === undefined) {
    throw new Error(`memory limit "${limit}" is not a quantity such as 512Mi`);
  }
  return `${Math.floor(mib * 0.8)}mb`;
}
