import { describe, expect, it } from "vitest";
import { commandsReviewed as policy } from "../../policy/policies/commandsReviewed";
import { violations } from "./policyArgs";

const command = (props: Record<string, unknown>, type = "command:local:Command") => ({
  type,
  name: "deploy",
  props,
});

describe("commands-reviewed", () => {
  it.each([
    ["docker run --rm alpine:3.20 true", "docker run"],
    ["docker container create --name x alpine:3.20", "docker run"],
    ["cd /srv && docker compose -f a.yml up -d", "docker compose up"],
    ["docker-compose up", "docker compose up"],
    ["docker service create --name web nginx:1.27.3", "docker service create"],
    ["kubectl --context k3s create namespace apps", "kubectl apply/create"],
    ["kubectl replace -f m.yaml", "kubectl apply/create"],
    ["kubectl -n apps patch deploy web -p '{}'", "kubectl apply/create"],
    ["kubectl run debug --image=busybox:1.36", "kubectl apply/create"],
    ["helm install cert-manager jetstack/cert-manager", "helm install"],
  ])("names %j as %s, with the phase and the resource", async (script, what) => {
    expect(await violations(policy, command({ create: script }))).toEqual([
      `command deploy create runs ${what}, which no policy checks`,
    ]);
  });

  it("reads every phase of local and remote commands, and lists every kind a script runs", async () => {
    const remote = command(
      {
        create: "echo ready",
        update: "docker run -d x:1; kubectl apply -f m.yaml",
        delete: "helm upgrade a b",
      },
      "command:remote:Command",
    );
    expect(await violations(policy, remote)).toEqual([
      "command deploy update runs docker run, kubectl apply/create, which no policy checks",
      "command deploy delete runs helm install, which no policy checks",
    ]);
  });

  it("joins a command continued over lines as the shell does", async () => {
    // The shell drops backslash-newline: `docker\<newline>run` is the one word "dockerrun".
    expect(await violations(policy, command({ create: "docker\\\nrun x:1" }))).toEqual([]);
    expect(await violations(policy, command({ create: "docker \\\nrun x:1" }))).toHaveLength(1);
    expect(
      await violations(policy, command({ create: "kubectl \\\r\n  apply -f m" })),
    ).toHaveLength(1);
  });

  it("leaves commands that deploy nothing, other resources and non-string phases alone", async () => {
    for (const script of [
      "docker inspect archon-postgres",
      "docker compose down",
      "docker service ls",
      "kubectl get pods",
      "helm list -A",
      "echo kubectl; apply",
    ]) {
      expect(await violations(policy, command({ create: script })), script).toEqual([]);
    }
    expect(await violations(policy, command({ create: ["docker run x"], update: 1 }))).toEqual([]);
    const other = {
      type: "docker:index/container:Container",
      name: "deploy",
      props: { create: "docker run x" },
    };
    expect(await violations(policy, other)).toEqual([]);
  });

  it("skips only the commands named in allowedCommands", async () => {
    const script = { create: "docker run x:1" };
    expect(await violations(policy, command(script), { allowedCommands: ["deploy"] })).toEqual([]);
    expect(await violations(policy, command(script), { allowedCommands: ["other"] })).toHaveLength(
      1,
    );
  });
});
