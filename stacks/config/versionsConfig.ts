import { imageReferenceProblem } from "../../components/toolbox/docker/imageReference";
import { chartPinProblem } from "../../components/toolbox/kubernetes/helmRelease";
import {
  CHART_NAMES,
  ChartName,
  fileImageReference,
  IMAGE_NAMES,
  ImageName,
  PINNED_VERSIONS,
  PinnedVersions,
  TAG_ONLY_IMAGES,
  tagOnlyOverrideTag,
  VersionOverrides,
} from "../../components/toolbox/versions/pinnedVersions";
import type { ConfigReader } from "./configReader";

const KEY = "platform:versions";
const SHAPE = '{ images: { <entry>: "<repository>:<tag>" }, charts: { <entry>: "<version>" } }';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function imageOverrides(reader: ConfigReader, raw: unknown): Partial<Record<ImageName, string>> {
  const key = `${KEY}.images`;
  if (!isObject(raw)) {
    reader.fail(key, raw, 'an object of image entries, e.g. { nginx: "nginx:1.27.3-alpine" }');
    return {};
  }
  const valid: Partial<Record<ImageName, string>> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!(IMAGE_NAMES as readonly string[]).includes(name)) {
      reader.fail(`${key}.${name}`, value, `an entry of versions.json: ${IMAGE_NAMES.join(", ")}`);
      continue;
    }
    const entry = name as ImageName;
    const problem = typeof value === "string" ? imageReferenceProblem(value) : "not a string";
    if (problem || typeof value !== "string") {
      reader.fail(
        `${key}.${name}`,
        value,
        `a pinned image reference such as ${fileImageReference(entry)} (${problem})`,
      );
      continue;
    }
    if (TAG_ONLY_IMAGES.includes(entry) && tagOnlyOverrideTag(entry, value) === undefined) {
      const repository = fileImageReference(entry).replace(/:[^:]*$/, "");
      reader.fail(
        `${key}.${name}`,
        value,
        `${repository}:<tag>: the chart pulls this image from its own repository, by tag`,
      );
      continue;
    }
    valid[entry] = value;
  }
  return valid;
}

function chartOverrides(reader: ConfigReader, raw: unknown): Partial<Record<ChartName, string>> {
  const key = `${KEY}.charts`;
  if (!isObject(raw)) {
    reader.fail(key, raw, 'an object of chart entries, e.g. { metallb: "0.16.1" }');
    return {};
  }
  const valid: Partial<Record<ChartName, string>> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!(CHART_NAMES as readonly string[]).includes(name)) {
      reader.fail(`${key}.${name}`, value, `an entry of versions.json: ${CHART_NAMES.join(", ")}`);
      continue;
    }
    const entry = name as ChartName;
    const current = PINNED_VERSIONS.chart(entry);
    if (typeof value !== "string" || chartPinProblem({ ...current, version: value })) {
      reader.fail(
        `${key}.${name}`,
        value,
        `an exact chart version such as ${current.version} (no range, no latest)`,
      );
      continue;
    }
    valid[entry] = value;
  }
  return valid;
}

/**
 * The image and chart versions a stack deploys: versions.json with the stack's `platform:versions`
 * overrides. Problems are recorded on the reader, naming the key, the value and what is allowed.
 */
export function loadVersions(reader: ConfigReader): PinnedVersions {
  const raw = reader.optionalStructured("platform", "versions");
  if (raw === undefined) {
    return PINNED_VERSIONS;
  }
  if (!isObject(raw)) {
    reader.fail(KEY, raw, `an object ${SHAPE}`);
    return PINNED_VERSIONS;
  }
  const overrides: { images?: VersionOverrides["images"]; charts?: VersionOverrides["charts"] } =
    {};
  for (const [part, value] of Object.entries(raw)) {
    if (part === "images") {
      overrides.images = imageOverrides(reader, value);
    } else if (part === "charts") {
      overrides.charts = chartOverrides(reader, value);
    } else {
      reader.fail(`${KEY}.${part}`, value, `only images and charts: ${SHAPE}`);
    }
  }
  return new PinnedVersions(overrides);
}
