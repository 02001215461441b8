import { beforeAll, describe, expect, it } from "vitest";
import { RecordedResource, SynthResult } from "../../scripts/lib/synthesize";
import {
  CHART_NAMES,
  fileImageReference,
  IMAGE_NAMES,
  PINNED_VERSIONS,
  versionsFileProblems,
} from "../../components/toolbox/versions/pinnedVersions";
import { ConfigValidationError } from "../../stacks/config/configReader";
import {
  plainInputs,
  resourcesOfType,
  synthProjectStack,
  synthRejection,
} from "../support/synthFixture";
import { container } from "../stacks/archonProd/archonProdFixture";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** Optional parts switched on, so that every image of the program is deployed somewhere. */
const ARCHON_ALL = [
  "edge:certbot=true",
  "edge:acmeEmail=ops@example.com",
  "offsite:s3Url=https://s3.example.com",
  "offsite:bucket=archon-offsite",
];
const SECTOR7_ALL = ["services:nextcloudEnabled=true", "services:qdrantEnabled=true"];

const versions = (value: object) => `platform:versions=${JSON.stringify(value)}`;

/** Every string under an `image` key (containers, init containers, chart values). */
function imagesIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => imagesIn(v, found));
  } else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "image" && typeof v === "string") {
        found.add(v);
      } else {
        imagesIn(v, found);
      }
    }
  }
  return found;
}

/** Image references a synthesized stack runs, pulls or hands to a chart. */
function deployedImages(result: SynthResult): Set<string> {
  const found = new Set<string>();
  for (const resource of result.resources) {
    const inputs = plainInputs(resource);
    imagesIn(inputs, found);
    if (resource.type === "docker:index/remoteImage:RemoteImage") {
      found.add(inputs.name as string);
    }
  }
  // Archon's own images are built from its checkout and referenced by digest.
  return new Set([...found].filter((image) => !/^archon-[a-z]+@sha256:/.test(image)));
}

function releases(result: SynthResult): RecordedResource[] {
  return resourcesOfType(result, RELEASE);
}

function releaseOf(result: SynthResult, chart: string) {
  const found = releases(result).filter((r) => plainInputs(r).chart === chart);
  expect(found).toHaveLength(1);
  return plainInputs(found[0]);
}

function veleroKubectlTag(result: SynthResult): string {
  return releaseOf(result, "velero").values.kubectl.image.tag as string;
}

describe("versions.json", () => {
  it("pins every image to a tag and every chart to an exact version", () => {
    expect(versionsFileProblems()).toEqual([]);
  });

  it("gives AppFlowy-Cloud's four backend images one release tag, as upstream publishes them", () => {
    const tags = [
      "appflowy-gotrue",
      "appflowy-cloud",
      "appflowy-worker",
      "appflowy-admin-frontend",
    ].map((name) => PINNED_VERSIONS.tag(name as "appflowy-cloud"));
    expect(new Set(tags).size).toBe(1);
  });
});

describe("one place for versions", () => {
  let archon: SynthResult;
  let sector7: SynthResult;
  beforeAll(async () => {
    archon = await synthProjectStack("archon-prod", ARCHON_ALL);
    sector7 = await synthProjectStack("sector7", SECTOR7_ALL);
  });

  it("deploys only images that versions.json pins, and every one of them", () => {
    const deployed = new Set([...deployedImages(archon), ...deployedImages(sector7)]);
    const kubectl = `registry.k8s.io/kubectl:${veleroKubectlTag(sector7)}`;
    expect([...deployed, kubectl].sort()).toEqual(
      [...new Set(IMAGE_NAMES.map(fileImageReference))].sort(),
    );
  });

  it("installs exactly the charts of versions.json, from their repositories and versions", () => {
    const installed = releases(sector7).map((r) => {
      const inputs = plainInputs(r);
      return `${inputs.repositoryOpts.repo} ${inputs.chart} ${inputs.version}`;
    });
    const pinned = CHART_NAMES.map((name) => {
      const chart = PINNED_VERSIONS.chart(name);
      return `${chart.repo} ${chart.chart} ${chart.version}`;
    });
    expect(installed.sort()).toEqual(pinned.sort());
  });

  it("platform:versions changes the overridden images and charts and nothing else", async () => {
    const nginx = "nginx:1.29.3-alpine";
    const postgres = "postgres:17.7-alpine";
    const overridden = await synthProjectStack("archon-prod", [
      ...ARCHON_ALL,
      versions({ images: { nginx, postgres } }),
    ]);
    expect(plainInputs(container(overridden, "archon-nginx")).image).toBe(nginx);
    expect(plainInputs(container(overridden, "archon-backup")).image).toBe(postgres);
    const before = [...deployedImages(archon)].filter(
      (i) => i !== fileImageReference("nginx") && i !== fileImageReference("postgres"),
    );
    expect([...deployedImages(overridden)].sort()).toEqual([...before, nginx, postgres].sort());
  });

  it("platform:versions sets chart versions and the tag-only kubectl image on sector7", async () => {
    const redis = "redis:7.4.12-alpine";
    const overridden = await synthProjectStack("sector7", [
      ...SECTOR7_ALL,
      versions({
        images: { redis, "velero-kubectl": "registry.k8s.io/kubectl:v1.34.6" },
        charts: { metallb: "0.16.2", "ingress-nginx": "4.15.2" },
      }),
    ]);
    expect(releaseOf(overridden, "metallb").version).toBe("0.16.2");
    expect(releaseOf(overridden, "ingress-nginx").version).toBe("4.15.2");
    expect(releaseOf(overridden, "longhorn").version).toBe(
      PINNED_VERSIONS.chart("longhorn").version,
    );
    expect(veleroKubectlTag(overridden)).toBe("v1.34.6");
    // Redis serves both Nextcloud and AppFlowy: one entry, both follow it.
    const redisUsers = overridden.resources.filter((r) => imagesIn(plainInputs(r)).has(redis));
    expect(redisUsers.map((r) => r.name).sort()).toEqual(
      sector7.resources
        .filter((r) => imagesIn(plainInputs(r)).has(fileImageReference("redis")))
        .map((r) => r.name)
        .sort(),
    );
    expect(redisUsers.length).toBeGreaterThanOrEqual(2);
  });

  it("a component's own image key wins over platform:versions", async () => {
    const result = await synthProjectStack("archon-prod", [
      versions({ images: { nginx: "nginx:1.29.3-alpine" } }),
      "edge:image=nginx:1.28.0-alpine",
    ]);
    expect(plainInputs(container(result, "archon-nginx")).image).toBe("nginx:1.28.0-alpine");
  });

  it("appflowy:version wins over platform:versions for the backend images only", async () => {
    const result = await synthProjectStack("sector7", [
      versions({ images: { "appflowy-cloud": "appflowyinc/appflowy_cloud:0.9.150" } }),
      "appflowy:version=0.9.151",
    ]);
    const images = deployedImages(result);
    expect(images.has("appflowyinc/appflowy_cloud:0.9.151")).toBe(true);
    expect(images.has("appflowyinc/gotrue:0.9.151")).toBe(true);
    expect(images.has(fileImageReference("appflowy-web"))).toBe(true);
  });
});

interface BadCase {
  readonly stack: "archon-prod" | "sector7";
  readonly value: unknown;
  readonly mentions: (string | RegExp)[];
}

const BAD: Record<string, BadCase> = {
  "an unknown image entry": {
    stack: "archon-prod",
    value: { images: { ngnix: "nginx:1.29.3-alpine" } },
    mentions: ["platform:versions.images.ngnix", '"nginx:1.29.3-alpine"', "nginx, certbot"],
  },
  "an unknown chart entry": {
    stack: "sector7",
    value: { charts: { metalb: "0.16.2" } },
    mentions: ["platform:versions.charts.metalb", '"0.16.2"', "metallb, longhorn"],
  },
  "an image without a tag": {
    stack: "archon-prod",
    value: { images: { nginx: "nginx" } },
    mentions: ["platform:versions.images.nginx", '"nginx"', "no tag or digest"],
  },
  "the latest tag": {
    stack: "sector7",
    value: { images: { n8n: "n8nio/n8n:latest" } },
    mentions: ["platform:versions.images.n8n", '"n8nio/n8n:latest"', "latest is not pinned"],
  },
  "a malformed reference": {
    stack: "archon-prod",
    value: { images: { postgres: "Postgres:17 alpine" } },
    mentions: ["platform:versions.images.postgres", "not a valid image reference"],
  },
  "a chart version range": {
    stack: "sector7",
    value: { charts: { longhorn: "^1.12" } },
    mentions: [
      "platform:versions.charts.longhorn",
      '"^1.12"',
      "exact chart version such as 1.12.1",
    ],
  },
  "kubectl from another repository": {
    stack: "sector7",
    value: { images: { "velero-kubectl": "bitnami/kubectl:1.34" } },
    mentions: ["platform:versions.images.velero-kubectl", "registry.k8s.io/kubectl:<tag>"],
  },
  "a misspelt section": {
    stack: "archon-prod",
    value: { image: { nginx: "nginx:1.29.3-alpine" } },
    mentions: ["platform:versions.image:", "only images and charts"],
  },
};

describe("bad platform:versions", () => {
  it("refuses a list instead of an object the way the engine does, before the program runs", async () => {
    // Pulumi.yaml declares the key `type: object`: the engine checks it (pkg/workspace/config.go).
    const { error, registered } = await synthRejection("archon-prod", [
      versions(["nginx:1.29.3-alpine"]),
    ]);
    expect(error.message).toMatch(/configuration key 'platform:versions' must be of type 'object'/);
    expect(registered).toBe(0);
  });

  it.each(Object.entries(BAD))(
    "refuses %s, naming key, value and what is allowed",
    async (_, bad) => {
      const { error, registered } = await synthRejection(bad.stack, [
        versions(bad.value as object),
      ]);
      expect(error).toBeInstanceOf(ConfigValidationError);
      for (const mention of bad.mentions) {
        expect(error.message).toMatch(
          typeof mention === "string"
            ? new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            : mention,
        );
      }
      expect(registered).toBe(0);
    },
  );
});
