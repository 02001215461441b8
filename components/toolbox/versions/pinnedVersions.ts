import versionsFile from "../../../versions.json";
import { imageReferenceProblem } from "../docker/imageReference";
import { chartPinProblem, PinnedChart } from "../kubernetes/helmRelease";

/**
 * Every third-party image and Helm chart the program deploys, pinned in one data file at the
 * repository root (`versions.json`), which Renovate also reads (renovate.json). Components take
 * their defaults from here; a stack can override entries with `platform:versions`.
 */

/** An image entry of versions.json: the registry repository and its pinned tag. */
export interface ImageEntry {
  readonly image: string;
  readonly tag: string;
}

/** A chart entry of versions.json: the chart, its repository URL and its exact version. */
export interface ChartEntry {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
}

export type ImageName = keyof typeof versionsFile.images;
export type ChartName = keyof typeof versionsFile.charts;

const FILE_IMAGES: Readonly<Record<ImageName, ImageEntry>> = versionsFile.images;
const FILE_CHARTS: Readonly<Record<ChartName, ChartEntry>> = versionsFile.charts;

export const IMAGE_NAMES = Object.keys(FILE_IMAGES) as readonly ImageName[];
export const CHART_NAMES = Object.keys(FILE_CHARTS) as readonly ChartName[];

/** Overrides by entry name: a full image reference per image, an exact version per chart. */
export interface VersionOverrides {
  readonly images?: Readonly<Partial<Record<ImageName, string>>>;
  readonly charts?: Readonly<Partial<Record<ChartName, string>>>;
}

/** Why versions.json is unusable (an unpinned tag, a range as chart version), if it is. */
export function versionsFileProblems(): string[] {
  return [
    ...IMAGE_NAMES.flatMap((name) => {
      const reference = `${FILE_IMAGES[name].image}:${FILE_IMAGES[name].tag}`;
      const problem = imageReferenceProblem(reference);
      return problem ? [`images.${name}: ${reference}: ${problem}`] : [];
    }),
    ...CHART_NAMES.flatMap((name) => {
      const problem = chartPinProblem(toPinnedChart(FILE_CHARTS[name]));
      return problem ? [`charts.${name}: ${problem}`] : [];
    }),
  ];
}

/**
 * Images a chart pulls from its own repository setting, to which the program passes only the tag:
 * an override may change the tag, not the repository, and cannot be a digest.
 */
export const TAG_ONLY_IMAGES: readonly ImageName[] = ["velero-kubectl"];

/** The tag of an override of a {@link TAG_ONLY_IMAGES} entry; undefined when it is not usable. */
export function tagOnlyOverrideTag(name: ImageName, override: string): string | undefined {
  const prefix = `${FILE_IMAGES[name].image}:`;
  const tag = override.startsWith(prefix) ? override.slice(prefix.length) : "";
  return /^[\w][\w.-]{0,127}$/.test(tag) ? tag : undefined;
}

/** `repository:tag` of an entry as committed, for messages and documentation. */
export function fileImageReference(name: ImageName): string {
  return `${FILE_IMAGES[name].image}:${FILE_IMAGES[name].tag}`;
}

function toPinnedChart(entry: ChartEntry, version: string = entry.version): PinnedChart {
  return { repo: entry.repository, chart: entry.chart, version };
}

/** The pinned versions a stack deploys: versions.json, with the stack's overrides applied. */
export class PinnedVersions {
  constructor(private readonly overrides: VersionOverrides = {}) {}

  /** The full image reference (`repository:tag`, or the override as given). */
  image(name: ImageName): string {
    const entry = FILE_IMAGES[name];
    return this.overrides.images?.[name] ?? `${entry.image}:${entry.tag}`;
  }

  /**
   * The tag alone, for charts that take an image's repository and tag separately (entries in
   * {@link TAG_ONLY_IMAGES}, whose overrides the stack config checks to keep the repository).
   */
  tag(name: ImageName): string {
    const override = this.overrides.images?.[name];
    if (override === undefined) {
      return FILE_IMAGES[name].tag;
    }
    const tag = tagOnlyOverrideTag(name, override);
    if (tag === undefined) {
      throw new Error(`images.${name}: ${override} must be ${FILE_IMAGES[name].image}:<tag>`);
    }
    return tag;
  }

  /** The chart, its repository and its pinned version. */
  chart(name: ChartName): PinnedChart {
    return toPinnedChart(FILE_CHARTS[name], this.overrides.charts?.[name]);
  }
}

/** versions.json as committed, without a stack's overrides: the components' defaults. */
export const PINNED_VERSIONS = new PinnedVersions();
