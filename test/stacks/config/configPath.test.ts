import { describe, expect, it } from "vitest";
import { parseConfigPath, StackConfig, withOverrides } from "../../../scripts/lib/stackConfigFile";
import { plainInputs, resourceNamed, synthProjectStack } from "../../support/synthFixture";

const EMPTY: StackConfig = { values: {}, secretKeys: [] };

/** The value the program would get for `key` after these `--config` overrides. */
function valueAfter(base: StackConfig, overrides: string[], key: string): unknown {
  const raw = withOverrides(base, overrides, "platform").values[key];
  return raw === undefined ? undefined : JSON.parse(raw);
}

describe("--config with a path, as pulumi config set --path writes it", () => {
  it("builds a list of objects from indexes and names", () => {
    expect(
      valueAfter(
        EMPTY,
        [
          "edge:uiBackends[0].address=10.0.0.5:3737",
          "edge:uiBackends[0].weight=100",
          "edge:uiBackends[1].address=10.0.0.6:3737",
          "edge:uiBackends[1].weight=0",
        ],
        "edge:uiBackends",
      ),
    ).toEqual([
      { address: "10.0.0.5:3737", weight: 100 },
      { address: "10.0.0.6:3737", weight: 0 },
    ]);
  });

  it("types true/false and decimal integers, and leaves other text a string", () => {
    expect(
      valueAfter(
        EMPTY,
        ["x:o.a=true", "x:o.b=42", "x:o.c=0123", "x:o.d=1.5", "x:o.e=-7", 'x:o["f.g"]=v'],
        "x:o",
      ),
    ).toEqual({ a: true, b: 42, c: "0123", d: "1.5", e: -7, "f.g": "v" });
  });

  it("changes one field of a list from the stack file and keeps the rest", () => {
    const base: StackConfig = {
      values: {
        "cluster:nodes": JSON.stringify([
          { name: "aurora", gpu: true },
          { name: "optiplex", roles: ["worker"] },
        ]),
      },
      secretKeys: [],
    };
    expect(valueAfter(base, ["cluster:nodes[1].roles[1]=control-plane"], "cluster:nodes")).toEqual([
      { name: "aurora", gpu: true },
      { name: "optiplex", roles: ["worker", "control-plane"] },
    ]);
  });

  it("refuses an index past the end of a list, as the CLI does", () => {
    const base: StackConfig = { values: { "edge:uiBackends": "[]" }, secretKeys: [] };
    expect(() => withOverrides(base, ["edge:uiBackends[2].weight=1"], "platform")).toThrow(
      /edge:uiBackends\[2\]\.weight: array index 2 out of range \(the list has 0 entries; the next is \[0\]\)/,
    );
  });

  it("replaces a plain value at the top, refuses one deeper", () => {
    const base: StackConfig = { values: { "x:o": "text", "x:p": '{"a":"b"}' }, secretKeys: [] };
    expect(valueAfter(base, ["x:o.a=1"], "x:o")).toEqual({ a: 1 });
    expect(() => withOverrides(base, ["x:p.a.b=1"], "platform")).toThrow(
      /x:p.a.b: expected an object/,
    );
  });

  it("refuses a malformed path with the key", () => {
    expect(() => withOverrides(EMPTY, ["edge:uiBackends[x]=1"], "platform")).toThrow(
      /--config edge:uiBackends\[x\]: invalid config key path/,
    );
    expect(() => withOverrides(EMPTY, ["edge:[0]=1"], "platform")).toThrow(
      /first path segment of config key must be a string/,
    );
  });

  it("parses names, indexes and quoted names as the CLI's strict parser", () => {
    expect(parseConfigPath('resources["a.b"].limits[2].memory')).toEqual([
      "resources",
      "a.b",
      "limits",
      2,
      "memory",
    ]);
    expect(() => parseConfigPath("a.[0]")).toThrow(/expected property name after '.'/);
  });

  it("sets a key without a path as given (a JSON list still works)", () => {
    const set = withOverrides(
      EMPTY,
      ['edge:uiBackends=[{"address":"a:1","weight":1}]'],
      "platform",
    );
    expect(set.values["edge:uiBackends"]).toBe('[{"address":"a:1","weight":1}]');
  });
});

describe("a synth with path-style --config", () => {
  it("deploys exactly what the same value as a JSON list deploys", async () => {
    const byPath = await synthProjectStack("archon-prod", [
      "edge:uiBackends[0].address=10.0.0.5:3737",
      "edge:uiBackends[0].weight=100",
      "edge:uiBackends[1].address=10.0.0.6:3737",
      "edge:uiBackends[1].weight=0",
    ]);
    const byJson = await synthProjectStack("archon-prod", [
      'edge:uiBackends=[{"address":"10.0.0.5:3737","weight":100},{"address":"10.0.0.6:3737","weight":0}]',
    ]);
    const nginx = (result: typeof byPath) =>
      plainInputs(resourceNamed(result, "archon-edge-nginx"));
    expect(nginx(byPath)).toEqual(nginx(byJson));
    const uploads = JSON.stringify(nginx(byPath).uploads);
    expect(uploads).toContain("server 10.0.0.6:3737 down;");
  });
});
