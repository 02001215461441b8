import { reveal } from "../../../scripts/lib/propertyValues";
import { RecordedResource, SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourceNamed, synthWithSecretConfig } from "../../support/synthFixture";

export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const COMMAND = "command:remote:Command";

/** Looks like an OpenSSH private key; never a real one. */
export const FAKE_PRIVATE_KEY = [
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ",
  "-----END OPENSSH PRIVATE KEY-----",
].join("\n");

/** Config that lets Pulumi prepare the nodes and the GPU host over SSH. */
export const OVER_SSH = [
  "longhorn:installNodePrerequisites=true",
  "gpu:installHostPrerequisites=true",
  "gpu:driverPackage=nvidia-driver-570-server",
  "ssh:user=deploy",
];

/** The committed stack plus SSH-managed prerequisites, the key given as a secret. */
export function synthOverSsh(extra: readonly string[] = []): Promise<SynthResult> {
  return synthWithSecretConfig("sector7", { "ssh:privateKey": FAKE_PRIVATE_KEY }, [
    ...OVER_SSH,
    ...extra,
  ]);
}

/** Plaintext stack outputs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function outputs(result: SynthResult): any {
  return reveal(result.outputs);
}

/** Inputs of the Helm release resource `name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function release(result: SynthResult, name: string): any {
  return plainInputs(resourceNamed(result, name, RELEASE));
}

export function dependsOn(resource: RecordedResource, other: RecordedResource): boolean {
  return resource.dependencies.includes(other.urn);
}
