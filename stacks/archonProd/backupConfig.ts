import { DatabaseBackup } from "../../components/backups/docker/backupScripts";
import { ConfigReader } from "../config/configReader";
import { DEFAULT_SENSITIVE_HOST_PATHS } from "../../policy/lib/hostPaths";

export interface BackupConfig {
  readonly enabled: boolean;
  readonly hostDirectory: string;
  readonly image: string;
  readonly databases: readonly DatabaseBackup[];
}

/** Seed 001's row for the Supabase core database, which also holds Archon's tables. */
export const DEFAULT_DATABASE_BACKUPS: readonly DatabaseBackup[] = [
  { name: "postgres", schedule: "0 */6 * * *", retain: 30 },
];

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const CRON_FIELD = /^[\d*,/-]+$/;

function isCron(schedule: unknown): boolean {
  if (typeof schedule !== "string") {
    return false;
  }
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 5 && fields.every((field) => CRON_FIELD.test(field));
}

function databases(reader: ConfigReader): readonly DatabaseBackup[] {
  const raw = reader.optionalStructured("backup", "databases");
  if (raw === undefined) {
    return DEFAULT_DATABASE_BACKUPS;
  }
  const expected =
    "a list of { name, schedule, retain }, e.g. [{ name: postgres, schedule: '0 */6 * * *', retain: 30 }]";
  if (!Array.isArray(raw) || raw.length === 0) {
    reader.fail("backup:databases", raw, expected);
    return [];
  }
  return raw.map((entry: Partial<Record<keyof DatabaseBackup, unknown>>, i) => {
    const key = `backup:databases[${i}]`;
    if (typeof entry?.name !== "string" || !DATABASE_NAME.test(entry.name)) {
      reader.fail(`${key}.name`, entry?.name, "a database name (lower case letters, digits, _)");
    }
    if (!isCron(entry?.schedule)) {
      reader.fail(
        `${key}.schedule`,
        entry?.schedule,
        "a cron schedule of five fields, e.g. 0 2 * * *",
      );
    }
    const retain = entry?.retain;
    if (typeof retain !== "number" || !Number.isInteger(retain) || retain < 1 || retain > 1000) {
      reader.fail(`${key}.retain`, retain, "how many dumps to keep, a whole number from 1 to 1000");
    }
    return { name: String(entry?.name), schedule: String(entry?.schedule), retain: Number(retain) };
  });
}

/**
 * Directories the backup container must not get read-write: the root, the system's own trees and
 * what holds them. The policy pack's docker-no-sensitive-host-paths defaults (the root among
 * them), so config validation refuses what `pulumi preview` would. Retention deletes files there.
 */
const SYSTEM_DIRECTORIES = DEFAULT_SENSITIVE_HOST_PATHS;

/** The path as the kernel resolves it (no `//`, no `/./`, no trailing `/`). */
function normalised(directory: string): string {
  return (
    "/" +
    directory
      .split("/")
      .filter((part) => part !== "" && part !== ".")
      .join("/")
  );
}

/** True when `directory` is /, a system directory, below one, or holds one. */
export function isSystemDirectory(directory: string): boolean {
  const dir = normalised(directory);
  // The root is in the list; `${dir}/` of a normalised path never prefixes it.
  return SYSTEM_DIRECTORIES.some(
    (system) => dir === system || dir.startsWith(`${system}/`) || system.startsWith(`${dir}/`),
  );
}

export function loadBackupConfig(reader: ConfigReader): BackupConfig {
  const hostDirectory = reader.string("backup", "hostDirectory", "/var/backups/archon");
  // The path lands in shell scripts and a bind mount: plain path characters only.
  if (
    !/^\/[A-Za-z0-9._/-]+$/.test(hostDirectory) ||
    hostDirectory.split("/").includes("..") ||
    isSystemDirectory(hostDirectory)
  ) {
    reader.fail(
      "backup:hostDirectory",
      hostDirectory,
      "an absolute directory on the Docker host, not / nor a system directory (/etc, /usr, /home, /var/lib/docker...) or one holding it (/var), of letters, digits, . _ - and / only, without ..",
    );
  }
  return {
    enabled: reader.boolean("backup", "enabled", true),
    hostDirectory,
    image: reader.image("backup", "image", reader.versions().image("postgres")),
    databases: databases(reader),
  };
}
