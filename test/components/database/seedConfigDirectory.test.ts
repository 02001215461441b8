import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import {
  containerOf,
  k8s,
  podSpecOf,
  synthServices,
  TYPES,
} from "../../stacks/sector7Services/servicesFixture";

// sector7's init container copies the image's /etc/postgresql-custom onto the claim once. Its
// command runs here with the image directory and the claim's mount point mapped to temporary
// directories (the paths are the only thing changed).

let stack: SynthResult;
let dir: string;
let image: string;
let claim: string;

function seed(): number | null {
  const init = podSpecOf(k8s(stack, TYPES.statefulSet, "supabase-db", "supabase"))
    .initContainers[0];
  const mountPath = init.volumeMounts[0].mountPath as string;
  const script = (init.command as string[])[2]
    .split("/etc/postgresql-custom")
    .join(image)
    .split(`${mountPath}/`)
    .join(`${claim}/`);
  return spawnSync("sh", ["-c", script]).status;
}

beforeAll(async () => {
  stack = await synthServices();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-config-"));
  image = path.join(dir, "image");
  claim = path.join(dir, "claim");
  fs.mkdirSync(image);
  fs.mkdirSync(claim);
  fs.writeFileSync(path.join(image, "supautils.conf"), "from the image\n");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the config claim's init container", () => {
  it("fills an empty claim from the image, into the directory the server mounts", () => {
    expect(seed()).toBe(0);
    const sts = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    const mount = containerOf(sts).volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === "/etc/postgresql-custom",
    );
    const onClaim = path.join(claim, mount.subPath);
    expect(fs.readFileSync(path.join(onClaim, "supautils.conf"), "utf8")).toBe("from the image\n");
  });

  it("never overwrites what is there: the root key and edited files survive a restart", () => {
    const sts = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    const sub = containerOf(sts).volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === "/etc/postgresql-custom",
    ).subPath;
    fs.writeFileSync(path.join(claim, sub, "pgsodium_root.key"), "the key\n");
    fs.writeFileSync(path.join(claim, sub, "supautils.conf"), "edited\n");
    fs.writeFileSync(path.join(image, "supautils.conf"), "a newer image's\n");
    expect(seed()).toBe(0);
    expect(fs.readFileSync(path.join(claim, sub, "pgsodium_root.key"), "utf8")).toBe("the key\n");
    expect(fs.readFileSync(path.join(claim, sub, "supautils.conf"), "utf8")).toBe("edited\n");
  });
});
