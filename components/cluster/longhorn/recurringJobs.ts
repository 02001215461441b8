/** A Longhorn recurring job: when it runs and how many results it keeps. */
export interface RecurringSchedule {
  /** Five-field cron expression, e.g. `0 2 * * *`. */
  readonly cron: string;
  /** How many snapshots or backups this job keeps per volume. */
  readonly retain: number;
}

/** The group Longhorn applies to every volume that names no recurring job of its own. */
export const DEFAULT_GROUP = "default";

/** The spec of a RecurringJob (longhorn.io/v1beta2) that runs `task` on every volume. */
export function recurringJobSpec(
  jobName: string,
  task: "snapshot" | "backup",
  schedule: RecurringSchedule,
): Record<string, unknown> {
  return {
    name: jobName,
    task,
    cron: schedule.cron,
    retain: schedule.retain,
    // One volume at a time: two small nodes share their disks with the workloads.
    concurrency: 1,
    groups: [DEFAULT_GROUP],
    labels: { "managed-by": "pulumi" },
  };
}
