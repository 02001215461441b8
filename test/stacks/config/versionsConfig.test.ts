import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import {
  CHART_NAMES,
  fileImageReference,
  IMAGE_NAMES,
  PINNED_VERSIONS,
} from "../../../components/toolbox/versions/pinnedVersions";
import { loadVersions } from "../../../stacks/config/versionsConfig";

/**
 * `platform:versions` read alone (test/versions/versions.test.ts synthesizes stacks with it):
 * what each override changes, and each refusal naming the entry, the value and what is allowed.
 */
function versions(value?: unknown) {
  const values: Record<string, string> =
    value === undefined ? {} : { "platform:versions": JSON.stringify(value) };
  const read = readAlone(values, loadVersions);
  return { pinned: read.result, problems: read.problems };
}

const SHAPE = '{ images: { <entry>: "<repository>:<tag>" }, charts: { <entry>: "<version>" } }';

describe("platform:versions", () => {
  it("unset: versions.json as committed", () => {
    expect(versions()).toEqual({ pinned: PINNED_VERSIONS, problems: [] });
  });

  it("changes the images and charts it names, and nothing else", () => {
    const { pinned, problems } = versions({
      images: { nginx: "nginx:1.27.3-alpine", "velero-kubectl": "registry.k8s.io/kubectl:v1.33.0" },
      charts: { metallb: "0.15.0" },
    });
    expect(problems).toEqual([]);
    expect(pinned.image("nginx")).toBe("nginx:1.27.3-alpine");
    expect(pinned.tag("velero-kubectl")).toBe("v1.33.0");
    expect(pinned.chart("metallb").version).toBe("0.15.0");
    for (const name of IMAGE_NAMES.filter((n) => n !== "nginx" && n !== "velero-kubectl")) {
      expect(pinned.image(name), name).toBe(PINNED_VERSIONS.image(name));
    }
    for (const name of CHART_NAMES.filter((n) => n !== "metallb")) {
      expect(pinned.chart(name), name).toEqual(PINNED_VERSIONS.chart(name));
    }
  });

  it("images alone or charts alone leave the other part as committed", () => {
    const images = versions({ images: { nginx: "nginx:1.27.3-alpine" } }).pinned;
    expect(images.chart("metallb")).toEqual(PINNED_VERSIONS.chart("metallb"));
    const charts = versions({ charts: { metallb: "0.15.0" } }).pinned;
    expect(charts.image("nginx")).toBe(PINNED_VERSIONS.image("nginx"));
  });

  it.each([
    ["a list", ["nginx:1.27.3-alpine"], '["nginx:1.27.3-alpine"]'],
    ["null", null, "null"],
    ["a string", "nginx:1.27.3-alpine", '"nginx:1.27.3-alpine"'],
  ])("refuses %s, showing the shape", (_, value, shown) => {
    expect(versions(value)).toEqual({
      pinned: PINNED_VERSIONS,
      problems: [`platform:versions: ${shown} is invalid; expected an object ${SHAPE}`],
    });
  });

  it("refuses a section other than images and charts, and still applies those", () => {
    const { pinned, problems } = versions({
      image: { nginx: "nginx:1.27.3-alpine" },
      charts: { metallb: "0.15.0" },
    });
    expect(problems).toEqual([
      `platform:versions.image: {"nginx":"nginx:1.27.3-alpine"} is invalid; expected only ` +
        `images and charts: ${SHAPE}`,
    ]);
    expect(pinned.chart("metallb").version).toBe("0.15.0");
  });
});

describe("platform:versions.images", () => {
  const key = "platform:versions.images";

  it.each([
    [["nginx:1"], '["nginx:1"]'],
    [null, "null"],
    ["nginx:1", '"nginx:1"'],
  ])("must be an object: refuses %j", (value, shown) => {
    expect(versions({ images: value }).problems).toEqual([
      `${key}: ${shown} is invalid; expected an object of image entries, e.g. { nginx: "nginx:1.27.3-alpine" }`,
    ]);
  });

  it("refuses an entry versions.json does not have, listing those it has, and keeps the rest", () => {
    const { pinned, problems } = versions({
      images: { ngnix: "nginx:1.27.3-alpine", nginx: "nginx:1.27.4-alpine" },
    });
    expect(problems).toEqual([
      `${key}.ngnix: "nginx:1.27.3-alpine" is invalid; expected an entry of versions.json: ` +
        IMAGE_NAMES.join(", "),
    ]);
    expect(pinned.image("nginx")).toBe("nginx:1.27.4-alpine");
  });

  it.each([
    ["no tag", "nginx", /no tag/],
    ["the latest tag", "nginx:latest", /latest is not pinned/],
    ["a malformed reference", "Nginx:1 alpine", /not a valid image reference/],
  ])("refuses %s, with an example and the reason", (_, value, reason) => {
    const { pinned, problems } = versions({ images: { nginx: value } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `${key}.nginx: ${JSON.stringify(value)} is invalid; expected a pinned image reference ` +
        `such as ${fileImageReference("nginx")} (`,
    );
    expect(problems[0]).toMatch(reason);
    expect(pinned.image("nginx")).toBe(PINNED_VERSIONS.image("nginx"));
  });

  it("refuses a value that is not a string", () => {
    expect(versions({ images: { nginx: 1.27 } }).problems).toEqual([
      `${key}.nginx: 1.27 is invalid; expected a pinned image reference such as ` +
        `${fileImageReference("nginx")} (not a string)`,
    ]);
  });

  it.each(["bitnami/kubectl:1.34", `registry.k8s.io/kubectl@sha256:${"a".repeat(64)}`])(
    "keeps a tag-only image's repository and tag: refuses %s",
    (value) => {
      const { pinned, problems } = versions({ images: { "velero-kubectl": value } });
      const repository = fileImageReference("velero-kubectl").split(":")[0];
      expect(problems).toEqual([
        `${key}.velero-kubectl: "${value}" is invalid; expected ${repository}:<tag>: the chart ` +
          "pulls this image from its own repository, by tag",
      ]);
      expect(pinned.tag("velero-kubectl")).toBe(PINNED_VERSIONS.tag("velero-kubectl"));
    },
  );
});

describe("platform:versions.charts", () => {
  const key = "platform:versions.charts";

  it.each([
    [["0.15.0"], '["0.15.0"]'],
    [null, "null"],
  ])("must be an object: refuses %j", (value, shown) => {
    expect(versions({ charts: value }).problems).toEqual([
      `${key}: ${shown} is invalid; expected an object of chart entries, e.g. { metallb: "0.16.1" }`,
    ]);
  });

  it("refuses a chart versions.json does not have, listing those it has", () => {
    const { pinned, problems } = versions({ charts: { metalb: "0.15.0", metallb: "0.15.1" } });
    expect(problems).toEqual([
      `${key}.metalb: "0.15.0" is invalid; expected an entry of versions.json: ` +
        CHART_NAMES.join(", "),
    ]);
    expect(pinned.chart("metallb").version).toBe("0.15.1");
  });

  it.each([
    ["a range", "^0.16", '"^0.16"'],
    ["latest", "latest", '"latest"'],
    ["a number", 0.16, "0.16"],
  ])("refuses %s, naming the committed version as the example", (_, value, shown) => {
    const { pinned, problems } = versions({ charts: { metallb: value } });
    expect(problems).toEqual([
      `${key}.metallb: ${shown} is invalid; expected an exact chart version such as ` +
        `${PINNED_VERSIONS.chart("metallb").version} (no range, no latest)`,
    ]);
    expect(pinned.chart("metallb")).toEqual(PINNED_VERSIONS.chart("metallb"));
  });
});
