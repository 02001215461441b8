import { describe, expect, it } from "vitest";
import { kubernetesNoHostAccess as policy } from "../../policy/policies/kubernetesNoHostAccess";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const pod = (spec: Record<string, unknown>, namespace: unknown = "apps") => ({
  type: "kubernetes:core/v1:Pod",
  name: "p",
  props: { metadata: { namespace }, spec },
});
const app = (securityContext: unknown, extra: Record<string, unknown> = {}) => ({
  name: "app",
  image: "x:1",
  securityContext,
  ...extra,
});

describe("kubernetes-no-host-access", () => {
  it("names each way a pod reaches the host, with the namespace", async () => {
    expect(
      await violations(
        policy,
        pod({
          hostNetwork: true,
          hostPID: "yes",
          hostIPC: false,
          hostUsers: true,
          volumes: [
            null,
            { name: "cfg", configMap: { name: "c" } },
            { name: "root", hostPath: { path: "/" } },
            { hostPath: {} },
          ],
          securityContext: { runAsUser: 0, seccompProfile: { type: "Unconfined" } },
          containers: [
            app(
              { privileged: true, allowPrivilegeEscalation: true, procMount: "Unmasked" },
              {
                ports: [
                  null,
                  { containerPort: 80 },
                  { containerPort: 81, hostPort: 0 },
                  { containerPort: 443, hostPort: 8443 },
                ],
              },
            ),
          ],
        }),
      ),
    ).toEqual([
      "hostNetwork is set in namespace apps",
      'hostPID is set to "yes" in namespace apps',
      "hostUsers is set in namespace apps",
      "volume root mounts hostPath / in namespace apps",
      "volume ? mounts hostPath ? in namespace apps",
      "the pod runs as root (runAsUser: 0) in namespace apps",
      "the pod sets seccompProfile Unconfined in namespace apps",
      "container app is privileged in namespace apps",
      "container app allows privilege escalation (true) in namespace apps",
      'container app sets procMount "Unmasked" in namespace apps',
      "container app binds hostPort 8443 (container port 443) on the node in namespace apps",
    ]);
  });

  it("reports malformed security settings instead of trusting them", async () => {
    expect(
      await violations(
        policy,
        pod({
          volumes: "host",
          securityContext: "privileged",
          containers: [
            app({
              privileged: "true",
              runAsUser: "0",
              allowPrivilegeEscalation: "no",
              capabilities: { add: "SYS_ADMIN" },
              appArmorProfile: { type: "Unconfined" },
            }),
          ],
        }),
      ),
    ).toEqual([
      'volumes is "host", not a list, in namespace apps',
      'the pod has securityContext "privileged", not an object in namespace apps',
      'container app sets privileged to "true", not a boolean in namespace apps',
      'container app allows privilege escalation ("no") in namespace apps',
      'container app sets runAsUser to "0", not a number in namespace apps',
      "container app sets appArmorProfile Unconfined in namespace apps",
      'container app has capabilities.add "SYS_ADMIN", not a list in namespace apps',
    ]);
  });

  it("allows the listed capabilities however they are spelled, and the config's own", async () => {
    const caps = (add: unknown[], config = {}) =>
      violations(policy, pod({ containers: [app({ capabilities: { add } })] }), config);
    expect(
      await caps(["NET_BIND_SERVICE", "cap_net_bind_service", "CAP_NET_BIND_SERVICE"]),
    ).toEqual([]);
    expect(await caps(["NET_ADMIN", 7])).toEqual([
      "container app adds capability NET_ADMIN in namespace apps",
      "container app adds capability 7 in namespace apps",
    ]);
    expect(await caps(["NET_ADMIN"], { allowedCapabilities: ["CAP_NET_ADMIN"] })).toEqual([]);
  });

  it("passes safe settings, system namespaces and a namespace unknown at preview", async () => {
    const safe = pod({
      hostNetwork: false,
      hostUsers: false,
      securityContext: {
        runAsUser: 1000,
        runAsNonRoot: true,
        procMount: "Default",
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [app({ privileged: false, allowPrivilegeEscalation: false })],
    });
    expect(await violations(policy, safe)).toEqual([]);
    const host = { hostNetwork: true, containers: [app({ privileged: true })] };
    expect(await violations(policy, pod(host, "kube-system"))).toEqual([]);
    expect(await violations(policy, pod(host, "monitoring"))).toEqual([]);
    expect(await violations(policy, pod(host, UNKNOWN_VALUE))).toEqual([]);
    expect(await violations(policy, pod(host, "tools"), { systemNamespaces: ["tools"] })).toEqual(
      [],
    );
    expect(
      await violations(policy, pod(host, "kube-system"), { systemNamespaces: ["tools"] }),
    ).toHaveLength(2);
  });

  it("fails hostPath and local PersistentVolumes, patches included", async () => {
    const pv = (spec: Record<string, unknown>, type = "kubernetes:core/v1:PersistentVolume") => ({
      type,
      name: "pv",
      props: { metadata: { name: "node-data" }, spec },
    });
    expect(
      await violations(policy, pv({ hostPath: { path: "/srv" }, local: { path: "/mnt/d" } })),
    ).toEqual([
      "PersistentVolume node-data is a hostPath volume of node path /srv",
      "PersistentVolume node-data is a local volume of node path /mnt/d",
    ]);
    expect(
      await violations(policy, pv({ local: {} }, "kubernetes:core/v1:PersistentVolumePatch")),
    ).toEqual(["PersistentVolume node-data is a local volume of node path undefined"]);
    expect(await violations(policy, pv({ csi: { driver: "driver.longhorn.io" } }))).toEqual([]);
    expect(
      await violations(policy, {
        type: "kubernetes:core/v1:PersistentVolume",
        name: "pv",
        props: { spec: { hostPath: { path: "/x" } } },
      }),
    ).toEqual(["PersistentVolume pv is a hostPath volume of node path /x"]);
  });
});
