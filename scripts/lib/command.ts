/** Where a command writes: the console for a script, a buffer for a test that runs it in-process. */
export interface CommandOutput {
  log(text: string): void;
  error(text: string): void;
}

const consoleOutput: CommandOutput = {
  log: (text) => console.log(text),
  error: (text) => console.error(text),
};

/** A command: runs on arguments, writes to `output`, resolves to the exit status. */
export type Command = (argv: readonly string[], output: CommandOutput) => Promise<number>;

/**
 * A script's entry point: runs the command on the process's arguments and exits with its status.
 * A command reports its own errors; anything it lets escape exits with `failureStatus`.
 * With `--help`, prints `help` and exits 0 without loading the command: loading it imports
 * the whole program, which takes seconds.
 */
export function runAsScript(
  help: string,
  load: () => Promise<Command>,
  failureStatus: number,
): void {
  const argv = process.argv.slice(2);
  if (argv.includes("--help")) {
    console.log(help);
    process.exit(0);
  }
  load()
    .then((command) => command(argv, consoleOutput))
    .then(
      (status) => process.exit(status),
      (err: unknown) => {
        console.error(messageOf(err));
        process.exit(failureStatus);
      },
    );
}

/** The message of a thrown value, without its stack: what a user of a CLI should read. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs a command's body; an error becomes its message on `output` and `failureStatus`. */
export async function statusOf(
  output: CommandOutput,
  failureStatus: number,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    output.error(messageOf(err));
    return failureStatus;
  }
}
