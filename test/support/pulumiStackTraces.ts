/**
 * The Pulumi SDK captures a stack trace for every promise it makes (runtime/debuggable.js) and
 * for every resource (its source position), and formats each at once. Under vitest, formatting
 * goes through source maps: measured here, a third of the CPU of synthesizing both stacks.
 * Stacks captured inside the SDK are formatted plainly (V8's own format); every other error
 * keeps the source-mapped one.
 */
const PULUMI_SDK = "/node_modules/@pulumi/pulumi/";

type PrepareStackTrace = NonNullable<typeof Error.prepareStackTrace>;
const WRAPPED = Symbol.for("platform.test.pulumiStackTraces");

function plain(error: Error, frames: NodeJS.CallSite[]): string {
  return [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
}

/** Installs the plain format for the SDK's own captures over the current formatter; idempotent. */
export function formatPulumiStacksPlainly(): void {
  const current = Error.prepareStackTrace as (PrepareStackTrace & { [WRAPPED]?: true }) | undefined;
  if (current?.[WRAPPED]) {
    return;
  }
  const wrapped = (error: Error, frames: NodeJS.CallSite[]) =>
    frames[0]?.getFileName()?.includes(PULUMI_SDK) || !current
      ? plain(error, frames)
      : current(error, frames);
  Error.prepareStackTrace = Object.assign(wrapped, { [WRAPPED]: true as const });
}
