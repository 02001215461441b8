import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/synthFixture";

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<
    string,
    { strategy?: { matrix?: { stack?: string[] } }; env?: Record<string, string>; steps: Step[] }
  >;
}

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const drift = workflow("drift.yml");
const jobs = Object.values(drift.jobs);

/** The committed stacks: one `Pulumi.<stack>.yaml` each beside Pulumi.yaml. */
const STACKS = fs
  .readdirSync(PROJECT_DIR)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

function pulumiStep(steps: Step[]): Step {
  const found = steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
  expect(found).toHaveLength(1);
  return found[0];
}

describe("the drift workflow", () => {
  it("runs on a schedule and by hand", () => {
    const schedule = drift.on.schedule as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    for (const { cron } of schedule) {
      expect(cron.split(" ")).toHaveLength(5);
    }
    expect(Object.keys(drift.on)).toContain("workflow_dispatch");
  });

  it("checks every committed stack file, and only those", () => {
    expect(STACKS.length).toBeGreaterThan(0);
    const covered = jobs.flatMap((job) => job.strategy?.matrix?.stack ?? []);
    expect([...covered].sort()).toEqual(STACKS);
  });

  it("previews each stack refreshed and fails on any change", () => {
    for (const job of jobs) {
      const inputs = pulumiStep(job.steps).with ?? {};
      expect(inputs.command).toBe("preview");
      expect(inputs["stack-name"]).toBe("${{ matrix.stack }}");
      expect(inputs["expect-no-changes"]).toBe(true);
      expect(inputs.refresh).toBe(true);
      expect(inputs["cloud-url"]).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
    }
  });

  it("pins pulumi/actions by commit and the CLI to the pull-request workflow's version", () => {
    const pr = Object.values(workflow("pull-request.yml").jobs).flatMap((job) =>
      job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@")),
    );
    for (const job of jobs) {
      const step = pulumiStep(job.steps);
      expect(step.uses).toMatch(/^pulumi\/actions@[0-9a-f]{40}$/);
      for (const other of pr) {
        expect(step.with?.["pulumi-version"]).toBe(other.with?.["pulumi-version"]);
      }
    }
  });

  it("reports a failed preview, and only then", () => {
    for (const job of jobs) {
      const id = pulumiStep(job.steps).id;
      const report = job.steps.filter((s) => s.run?.includes("gh issue"));
      expect(report).toHaveLength(1);
      expect(report[0].if).toContain(`steps.${id}.outcome == 'failure'`);
    }
    expect(drift.permissions.issues).toBe("write");
  });

  it("uses only secrets docs/drift.md documents", () => {
    const used = new Set(
      [...read(".github/workflows/drift.yml").matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]),
    );
    const doc = read("docs/drift.md");
    expect(used.size).toBeGreaterThan(0);
    for (const secret of used) {
      expect(doc, secret).toContain(`\`${secret}\``);
    }
  });
});
