import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function digest(...parts: string[]): Buffer {
  return createHash("sha256").update(parts.join("\0")).digest();
}

/** A deterministic alphanumeric string of `length` characters, derived from `seed`. */
export function deterministicText(seed: string, length: number): string {
  let text = "";
  for (let block = 0; text.length < length; block++) {
    for (const byte of digest(seed, String(block))) {
      text += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return text.slice(0, length);
}

type State = Record<string, unknown>;
type Inputs = Record<string, unknown>;

/** What providers compute that the program reads back; everything else echoes the inputs. */
const COMPUTED: Record<string, (name: string, inputs: Inputs) => State> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: deterministicText(`password:${name}`, Number(inputs.length ?? 16)),
    // Shaped like the provider's bcrypt hash (cost 10); not a hash of `result`.
    bcryptHash: `$2a$10$${deterministicText(`bcrypt:${name}`, 53)}`,
  }),
  "random:index/randomString:RandomString": (name, inputs) => ({
    result: deterministicText(`string:${name}`, Number(inputs.length ?? 16)),
  }),
  "docker:index/image:Image": (name, inputs) => {
    const imageName = String(inputs.imageName ?? name);
    const sha = digest(`image:${name}`).toString("hex");
    return { repoDigest: `${imageName.split(":")[0]}@sha256:${sha}`, imageId: `sha256:${sha}` };
  },
  "docker:index/network:Network": (name, inputs) => ({ name: inputs.name ?? name }),
  "docker:index/volume:Volume": (name, inputs) => ({ name: inputs.name ?? name }),
  "docker:index/container:Container": (name, inputs) => ({ name: inputs.name ?? name }),
};

/** Deterministic mocks: the same program and config always give the same state. */
export const deterministicMocks: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs) {
    const computed = COMPUTED[args.type]?.(args.name, args.inputs) ?? {};
    return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
  },
  call(args: pulumi.runtime.MockCallArgs) {
    // yaml.ConfigFile and yaml.ConfigGroup (v1) split their manifests through the provider's
    // decode function and register each object themselves: decoding here lets the offline plan
    // see those objects as a real preview would.
    if (args.token === "kubernetes:yaml:decode" && typeof args.inputs.text === "string") {
      const result = parseAllDocuments(args.inputs.text)
        .map((document) => document.toJS() as unknown)
        .filter((object) => object !== null && object !== undefined);
      return { result };
    }
    return args.inputs;
  },
};
