import { describe, expect, it } from "vitest";
import { isCronExpression } from "../../../components/toolbox/kubernetes/cron";
import { chartPinProblem } from "../../../components/toolbox/kubernetes/helmRelease";
import {
  backupTargetUrl,
  isLonghornBackupUrl,
} from "../../../components/cluster/longhorn/backupTarget";
import { parseIpv4 } from "../../../components/toolbox/network/ipv4";
import {
  formatIpv4Range,
  parseIpv4Range,
  rangeContains,
} from "../../../components/toolbox/network/ipv4Range";

describe("isCronExpression", () => {
  it.each(["0 2 * * *", "0 */6 * * *", "30 1-5/2 1,15 * 0-7", "*/15 * * * 1-5"])(
    "accepts %s",
    (cron) => expect(isCronExpression(cron)).toBe(true),
  );
  it.each([
    "@daily",
    "0 24 * * *",
    "60 * * * *",
    "* * * *",
    "0 2 * * * *",
    "5-1 * * * *",
    "*/0 * * * *",
  ])("refuses %s", (cron) => expect(isCronExpression(cron)).toBe(false));
});

describe("parseIpv4Range", () => {
  it("parses start-end and CIDR blocks", () => {
    const range = parseIpv4Range("192.168.2.200-192.168.2.220")!;
    expect(rangeContains(range, parseIpv4("192.168.2.210")!)).toBe(true);
    expect(rangeContains(range, parseIpv4("192.168.2.221")!)).toBe(false);
    expect(formatIpv4Range(parseIpv4Range("10.0.0.0/30")!)).toBe("10.0.0.0-10.0.0.3");
  });
  it.each(["192.168.2.220-192.168.2.200", "192.168.2.200", "192.168.2.256-192.168.2.260", "a-b"])(
    "refuses %s",
    (text) => expect(parseIpv4Range(text)).toBeUndefined(),
  );
});

describe("chartPinProblem", () => {
  it("accepts exact versions only", () => {
    expect(chartPinProblem({ repo: "r", chart: "c", version: "v1.21.1" })).toBeUndefined();
    expect(chartPinProblem({ repo: "r", chart: "c", version: "0.16.1" })).toBeUndefined();
    expect(chartPinProblem({ repo: "r", chart: "c", version: "^1.0.0" })).toMatch(/exact version/);
    expect(chartPinProblem({ repo: "r", chart: "c", version: "latest" })).toMatch(/exact version/);
  });
});

describe("Longhorn backup targets", () => {
  it("builds s3://bucket@region/prefix/ for a store", () => {
    const store = {
      endpoint: "http://minio:9000",
      bucket: "b",
      region: "us-east-1",
      accessKeyId: "k",
      secretAccessKey: "s",
    };
    expect(backupTargetUrl({ kind: "s3", store, prefix: "/longhorn/" })).toBe(
      "s3://b@us-east-1/longhorn/",
    );
  });
  it("recognises NFS and S3 URLs", () => {
    expect(isLonghornBackupUrl("nfs://192.168.2.106:/srv/longhorn")).toBe(true);
    expect(isLonghornBackupUrl("s3://bucket@us-east-1/path")).toBe(true);
    expect(isLonghornBackupUrl("nfs://192.168.2.106/srv")).toBe(false);
  });
});
