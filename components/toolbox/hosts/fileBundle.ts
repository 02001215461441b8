/** A file to deliver: its absolute path on the host and its content. */
export interface BundledFile {
  readonly path: string;
  readonly content: string;
}

const BUNDLE_LINE = /^(\/\S+) ([A-Za-z0-9+/]*={0,2})$/;

/**
 * Files as the command's standard input: one line per file, `<absolute path> <base64 content>`.
 * Standard input reaches a remote host over SSH where environment variables may not (sshd's
 * AcceptEnv), and keeps the content off the command line.
 */
export function renderFileBundle(files: readonly BundledFile[]): string {
  return files
    .map((file) => {
      if (!file.path.startsWith("/") || /\s/.test(file.path)) {
        throw new Error(`bundled file path must be absolute without spaces, got "${file.path}"`);
      }
      return `${file.path} ${Buffer.from(file.content, "utf8").toString("base64")}\n`;
    })
    .join("");
}

/** The files of a bundle, or undefined when the text is not one. */
export function parseFileBundle(text: string): BundledFile[] | undefined {
  if (!text.endsWith("\n")) {
    return undefined;
  }
  const files: BundledFile[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    const match = BUNDLE_LINE.exec(line);
    if (!match) {
      return undefined;
    }
    files.push({ path: match[1], content: Buffer.from(match[2], "base64").toString("utf8") });
  }
  return files;
}
