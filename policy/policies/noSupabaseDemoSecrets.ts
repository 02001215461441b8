import * as fs from "fs";
import * as path from "path";
import { StackValidationPolicy } from "@pulumi/policy";
import { findDemoSecret } from "../lib/demoSecrets";
import { isAssetOrArchive, readKnown } from "../lib/known";
import { base64Text, stringsIn } from "../lib/stringsIn";

/** Runs of base64 inside a longer text (a file, a manifest), wrapped lines included. */
const BASE64_RUN = /(?:[A-Za-z0-9+/_-]{4,}={0,2}[ \t]*\r?\n?[ \t]*)+/g;
/** `NAME=` or `name: ` before a value, which a base64 run would otherwise swallow. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_.-]*(=|:\s*)/;

/**
 * Where relative file paths of the program resolve: the program's directory, which a runner
 * can name in POLICY_PROGRAM_DIR (the offline plan does); else the pack's parent directory, as
 * the pack lives in policy/ of the project, then the pack's own.
 */
function candidates(file: string): string[] {
  if (path.isAbsolute(file)) {
    return [file];
  }
  const bases = [process.env.POLICY_PROGRAM_DIR, path.resolve(".."), process.cwd()];
  return bases.filter((b): b is string => !!b).map((base) => path.resolve(base, file));
}

function readProgramFile(file: string): string | undefined {
  for (const candidate of candidates(file)) {
    try {
      return fs.readFileSync(candidate, "utf8");
    } catch {
      // try the next base
    }
  }
  return undefined;
}

/** Every asset (FileAsset, StringAsset) in a value, with its path in the inputs. */
function* assetsIn(value: unknown, where = ""): Generator<[string, unknown]> {
  if (isAssetOrArchive(value)) {
    yield [where || "(value)", value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield* assetsIn(value[i], `${where}[${i}]`);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      yield* assetsIn(item, where ? `${where}.${key}` : key);
    }
  }
}

/** A finding in `text` itself, in base64 runs inside it, or undefined. */
function findIn(text: string): string | undefined {
  const direct = findDemoSecret(text);
  if (direct) {
    return direct;
  }
  if (base64Text(text) !== undefined) {
    return undefined; // wholly base64: stringsIn gives it decoded
  }
  const runs = [text, ...text.split(/\r?\n/)].flatMap(
    (part) => part.replace(ASSIGNMENT, "").match(BASE64_RUN) ?? [],
  );
  for (const run of runs) {
    const decoded = base64Text(run);
    const found = decoded !== undefined ? findDemoSecret(decoded) : undefined;
    if (found) {
      return found;
    }
  }
  return undefined;
}

export const noSupabaseDemoSecrets: StackValidationPolicy = {
  name: "no-supabase-demo-secrets",
  description:
    "No resource or stack output carries Supabase's publicly known demo JWT secret, a key signed with it (HS256, HS384 or HS512, whatever its header says) or a demo password: verbatim, base64-encoded (wrapped or not), in file assets (Helm valueYamlFiles) or in files uploaded into containers by path.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Let the program generate the secrets, or set your own with `pulumi config set --secret " +
    'supabase:jwtSecret "$(openssl rand -base64 48)"`; then rotate every key signed with the demo secret. ' +
    "A file the pack cannot read is reported too: run the pack where the program's files are, or set POLICY_PROGRAM_DIR.",
  validateStack: async (args, reportViolation) => {
    for (const resource of args.resources) {
      const props = readKnown(resource.props).value;
      for (const [where, text] of stringsIn(props)) {
        const found = findIn(text);
        if (found) {
          // Name what and where, never the value.
          reportViolation(`${resource.name} carries ${found} in ${where}`, resource.urn);
        }
      }
      const files: [string, Promise<string | undefined>][] = [];
      for (const [where, asset] of assetsIn(props)) {
        const a = asset as { path?: Promise<string>; text?: Promise<string> };
        if (a.text) {
          files.push([where, a.text]);
        } else if (a.path) {
          files.push([where, a.path.then((file) => readProgramFile(file) ?? `\0${file}`)]);
        }
      }
      const uploads = (props as { uploads?: unknown }).uploads;
      if (resource.type === "docker:index/container:Container" && Array.isArray(uploads)) {
        uploads.forEach((upload: { source?: unknown }, i) => {
          if (upload && typeof upload.source === "string") {
            const source = upload.source;
            files.push([
              `uploads[${i}].source`,
              Promise.resolve(readProgramFile(source) ?? `\0${source}`),
            ]);
          }
        });
      }
      for (const [where, pending] of files) {
        const text = await pending;
        if (text === undefined) {
          continue;
        }
        if (text.startsWith("\0")) {
          reportViolation(
            `${resource.name} ${where} names the file ${text.slice(1)}, which the pack cannot read to check`,
            resource.urn,
          );
          continue;
        }
        for (const [, part] of stringsIn(text)) {
          const found = findIn(part);
          if (found) {
            reportViolation(
              `${resource.name} carries ${found} in the file of ${where}`,
              resource.urn,
            );
            break;
          }
        }
      }
    }
  },
};
