import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/synthFixture";

interface CustomManager {
  readonly customType: string;
  readonly managerFilePatterns: string[];
  readonly matchStrings: string[];
  readonly datasourceTemplate?: string;
  readonly depNameTemplate?: string;
}

interface Step {
  readonly with?: Record<string, unknown>;
}

interface PackageRule {
  readonly matchManagers?: string[];
  readonly matchPackageNames?: string[];
  readonly versioning?: string;
  readonly rangeStrategy?: string;
  readonly groupName?: string;
}

interface RenovateConfig {
  readonly customManagers: CustomManager[];
  readonly packageRules: PackageRule[];
}

interface VersionsFile {
  readonly images: Record<string, { image: string; tag: string }>;
  readonly charts: Record<string, { chart: string; repository: string; version: string }>;
}

interface Extracted {
  readonly entry: string;
  readonly datasource: string;
  readonly depName: string;
  readonly currentValue: string;
  readonly registryUrl?: string;
}

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const renovate = JSON.parse(read("renovate.json")) as RenovateConfig;
const versionsText = read("versions.json");
const versions = JSON.parse(versionsText) as VersionsFile;

/**
 * A managerFilePatterns item: `/regex/` is a regular expression on the file's path, anything else
 * a glob (Renovate's configuration-options: managerFilePatterns).
 */
function matchesFile(pattern: string, file: string): boolean {
  const regex = /^\/(.*)\/$/.exec(pattern);
  return regex ? new RegExp(regex[1]).test(file) : pattern === file;
}

/**
 * What Renovate's regex manager extracts from a file: every match of every matchString (the
 * default matchStringsStrategy "any"), its named groups the dependency's fields.
 */
function extract(manager: CustomManager, text: string): Extracted[] {
  return manager.matchStrings.flatMap((source) =>
    [...text.matchAll(new RegExp(source, "g"))].map((match) => {
      const groups = match.groups ?? {};
      return {
        entry: groups.depType,
        datasource: groups.datasource ?? manager.datasourceTemplate ?? "",
        depName: groups.depName ?? manager.depNameTemplate ?? "",
        currentValue: groups.currentValue,
        ...(groups.registryUrl ? { registryUrl: groups.registryUrl } : {}),
      };
    }),
  );
}

/** Constructs Renovate's RE2 engine refuses: lookaround and backreferences. */
const NOT_RE2 = /\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</;

/** Every dependency of the root package and the policy pack's, by name. */
function npmDependencies(): Record<string, string> {
  return Object.assign(
    {},
    ...["package.json", "policy/package.json"].map((file) => {
      const pkg = JSON.parse(read(file)) as Record<string, Record<string, string> | undefined>;
      return { ...pkg.dependencies, ...pkg.devDependencies };
    }),
  ) as Record<string, string>;
}

const versionsManagers = renovate.customManagers.filter((m) =>
  m.managerFilePatterns.some((p) => matchesFile(p, "versions.json")),
);

describe("renovate.json", () => {
  it("extracts exactly the images and charts of versions.json, with their datasources", () => {
    const extracted = versionsManagers.flatMap((m) => extract(m, versionsText));
    const expected: Extracted[] = [
      ...Object.entries(versions.images).map(([entry, { image, tag }]) => ({
        entry,
        datasource: "docker",
        depName: image,
        currentValue: tag,
      })),
      ...Object.entries(versions.charts).map(([entry, { chart, repository, version }]) => ({
        entry,
        datasource: "helm",
        depName: chart,
        currentValue: version,
        registryUrl: repository,
      })),
    ];
    const key = (d: Extracted) => d.entry;
    expect([...extracted].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...expected].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it("keeps extracting every entry when versions.json is written on one line", () => {
    const compact = JSON.stringify(versions);
    const count = versionsManagers.flatMap((m) => extract(m, compact)).length;
    expect(count).toBe(Object.keys(versions.images).length + Object.keys(versions.charts).length);
  });

  it("finds the Pulumi CLI version of every workflow step that installs one", () => {
    const dir = path.join(PROJECT_DIR, ".github", "workflows");
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const managers = renovate.customManagers.filter((m) =>
        m.managerFilePatterns.some((p) => matchesFile(p, `.github/workflows/${file}`)),
      );
      const pinned = (parse(text) as { jobs: Record<string, { steps: Step[] }> }).jobs;
      const versions = Object.values(pinned).flatMap((job) =>
        job.steps.flatMap((step) => {
          const version = step.with?.["pulumi-version"];
          return version === undefined ? [] : [String(version)];
        }),
      );
      const found = managers.flatMap((m) => extract(m, text));
      expect(
        found.map((d) => d.currentValue),
        file,
      ).toEqual(versions);
      for (const dep of found) {
        expect(dep).toMatchObject({ datasource: "github-releases", depName: "pulumi/pulumi" });
      }
    }
  });

  it("uses only regular expressions RE2 accepts, as Renovate runs them", () => {
    const patterns = [
      ...renovate.customManagers.flatMap((m) => [...m.matchStrings, ...m.managerFilePatterns]),
      ...renovate.packageRules.flatMap((r) => (r.versioning ? [r.versioning] : [])),
    ];
    expect(patterns.filter((p) => NOT_RE2.test(p))).toEqual([]);
  });

  it("gives every image a versioning that parses its current tag", () => {
    for (const rule of renovate.packageRules.filter((r) => r.versioning?.startsWith("regex:"))) {
      const pattern = new RegExp(rule.versioning!.slice("regex:".length));
      const images = Object.values(versions.images).filter((i) =>
        rule.matchPackageNames!.includes(i.image),
      );
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(pattern.exec(image.tag)?.groups?.major, `${image.image}:${image.tag}`).toBeDefined();
      }
    }
  });

  it("names only packages that exist in versions.json or package.json in its rules", () => {
    const npmNames = Object.keys(npmDependencies());
    const known = [
      ...Object.values(versions.images).map((i) => i.image),
      ...Object.values(versions.charts).map((c) => c.chart),
      ...npmNames,
      ...renovate.customManagers.flatMap((m) => (m.depNameTemplate ? [m.depNameTemplate] : [])),
    ];
    const globMatches = (glob: string, name: string) =>
      new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, ".*")}$`).test(
        name,
      );
    for (const rule of renovate.packageRules) {
      for (const name of rule.matchPackageNames ?? []) {
        expect(
          known.some((k) => globMatches(name, k)),
          `${name} matches nothing`,
        ).toBe(true);
      }
    }
  });

  it("pins npm dependencies exactly, as both package.json files do", () => {
    const npm = renovate.packageRules.find(
      (r) => r.matchManagers?.includes("npm") && r.rangeStrategy !== undefined,
    );
    expect(npm?.rangeStrategy).toBe("pin");
    const ranges = Object.entries(npmDependencies()).filter(
      ([, v]) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(v),
    );
    expect(ranges).toEqual([]);
  });
});
