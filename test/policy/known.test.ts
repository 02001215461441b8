import { unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { readKnown } from "../../policy/lib/known";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";

describe("readKnown", () => {
  const props = {
    name: "web",
    image: UNKNOWN_VALUE,
    ports: [
      { internal: 80, ip: UNKNOWN_VALUE },
      { internal: 81, ip: "127.0.0.1" },
    ],
    labels: UNKNOWN_VALUE,
    healthcheck: { tests: ["CMD", "true"] },
  };

  it.each([
    ["engine props (behind the unknown-checking proxy)", unknownCheckingProxy(props)],
    ["plain props", props],
  ])("reads %s into known values and unknown paths", (_, input) => {
    const known = readKnown<typeof props>(input);
    expect(known.value).toEqual({
      name: "web",
      ports: [{ internal: 80 }, { internal: 81, ip: "127.0.0.1" }],
      healthcheck: { tests: ["CMD", "true"] },
    });
    expect(known.isKnown("name")).toBe(true);
    expect(known.isKnown("image")).toBe(false);
    expect(known.isKnown("ports[0].ip")).toBe(false);
    expect(known.isKnown("ports[1].ip")).toBe(true);
    expect(known.isKnown("ports")).toBe(true);
    expect(known.isKnown("labels.team")).toBe(false);
    expect(known.isKnown("labelsX")).toBe(true);
    expect(known.isKnown("healthcheck.tests")).toBe(true);
    expect(known.isKnown("memory")).toBe(true);
  });
});
