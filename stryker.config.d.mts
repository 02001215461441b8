/** What each target mutates and the test files that may kill it (stryker.config.mjs). */
export const TARGETS: Readonly<Record<string, { mutate: string[]; tests: string[]; programTierOnly?: boolean }>>;
declare const config: Readonly<Record<string, unknown>>;
export default config;
