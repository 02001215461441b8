/** A storage size as claims take it: a whole number of Mi, Gi or Ti, e.g. `20Gi`. */
const STORAGE_QUANTITY = /^[1-9]\d{0,5}(Mi|Gi|Ti)$/;

const UNIT_BYTES: Record<string, number> = { Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** True for sizes like `1Gi`, `512Mi`, `2Ti`. */
export function isStorageQuantity(value: string): boolean {
  return STORAGE_QUANTITY.test(value);
}

/** Bytes in a storage quantity, or undefined when it is not one. */
export function storageBytes(value: string): number | undefined {
  if (!isStorageQuantity(value)) {
    return undefined;
  }
  const unit = value.slice(-2);
  return Number(value.slice(0, -2)) * UNIT_BYTES[unit];
}

/** Throws unless `value` is a storage quantity; components call it on their size args. */
export function requireStorageQuantity(what: string, value: string): string {
  if (!isStorageQuantity(value)) {
    throw new Error(`${what} "${value}" is not a storage size such as 20Gi`);
  }
  return value;
}
