import { describe, expect, it } from "vitest";
import { kubernetesIngressTls as policy } from "../../policy/policies/kubernetesIngressTls";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const ISSUER = { "cert-manager.io/cluster-issuer": "letsencrypt-prod" };
const ingress = (
  spec: Record<string, unknown>,
  annotations: Record<string, unknown> = ISSUER,
  type = INGRESS,
) => ({ type, name: "web-ingress", props: { metadata: { name: "web", annotations }, spec } });
const tlsFor = (hosts: unknown[]) => [{ hosts, secretName: "web-tls" }];
const rules = (...hosts: unknown[]) => hosts.map((host) => ({ host }));

describe("kubernetes-ingress-tls: hosts", () => {
  it("matches hosts case-insensitively and a wildcard one label deep", async () => {
    expect(
      await violations(
        policy,
        ingress({ rules: rules("App.Example.com"), tls: tlsFor(["app.example.COM"]) }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        policy,
        ingress({ rules: rules("a.example.com"), tls: tlsFor(["*.Example.com"]) }),
      ),
    ).toEqual([]);
    for (const host of ["example.com", "a.example.org", ".example.com", "aexample.com"]) {
      expect(
        await violations(policy, ingress({ rules: rules(host), tls: tlsFor(["*.example.com"]) })),
        host,
      ).toEqual([`Ingress web serves ${host} without TLS`]);
    }
    // The same wildcard on both sides is the same name.
    expect(
      await violations(
        policy,
        ingress({ rules: rules("*.example.com"), tls: tlsFor(["*.example.com"]) }),
      ),
    ).toEqual([]);
  });

  it("reads every TLS entry, skipping malformed ones and hosts that are not names", async () => {
    const tls = [
      null,
      { hosts: [7, "a.example.com"], secretName: "a" },
      { hosts: "b.example.com", secretName: "b" },
      { hosts: ["c.example.com"], secretName: "c" },
    ];
    expect(
      await violations(
        policy,
        ingress({ rules: rules("a.example.com", "b.example.com", "c.example.com"), tls }),
      ),
    ).toEqual([
      "Ingress web has a TLS entry without a secretName",
      "Ingress web serves b.example.com without TLS",
    ]);
    expect(
      await violations(
        policy,
        ingress({ rules: [null, { host: "" }], tls: tlsFor(["a.example.com"]) }),
      ),
    ).toEqual([
      "Ingress web has a rule without a host, which TLS cannot cover",
      "Ingress web has a rule without a host, which TLS cannot cover",
    ]);
  });

  it("waits for TLS that is unknown at preview, and names an Ingress by its Pulumi name without metadata", async () => {
    expect(
      await violations(policy, ingress({ rules: rules("a.example.com"), tls: UNKNOWN_VALUE })),
    ).toEqual([]);
    expect(
      await violations(
        policy,
        ingress({ rules: [{ host: UNKNOWN_VALUE }], tls: tlsFor(["b.example.com"]) }),
      ),
    ).toEqual([]);
    const partly = [
      { hosts: ["b.example.com"], secretName: "b" },
      { hosts: UNKNOWN_VALUE, secretName: "c" },
    ];
    expect(
      await violations(policy, ingress({ rules: rules("a.example.com"), tls: partly })),
    ).toEqual([]);
    expect(
      await violations(
        policy,
        ingress({
          rules: rules("a.example.com"),
          tls: [{ hosts: ["a.example.com"], secretName: UNKNOWN_VALUE }],
        }),
      ),
    ).toEqual([]);
    const bare = {
      type: INGRESS,
      name: "web-ingress",
      props: { spec: { rules: rules("a.example.com"), tls: tlsFor(["a.example.com"]) } },
    };
    expect(await violations(policy, bare)).toEqual([
      "Ingress web-ingress has no cert-manager issuer annotation",
    ]);
  });
});

describe("kubernetes-ingress-tls: annotations and backends", () => {
  const secured = { rules: rules("a.example.com"), tls: tlsFor(["a.example.com"]) };

  it("fails a defaultBackend and a redirect switched off", async () => {
    expect(
      await violations(
        policy,
        ingress({ ...secured, defaultBackend: { service: { name: "web" } } }),
      ),
    ).toEqual([
      "Ingress web has a defaultBackend, which answers every host and path no rule names",
    ]);
    expect(
      await violations(
        policy,
        ingress(secured, { ...ISSUER, "nginx.ingress.kubernetes.io/ssl-redirect": "false" }),
      ),
    ).toEqual([
      'Ingress web sets nginx.ingress.kubernetes.io/ssl-redirect: "false", serving plain HTTP',
    ]);
    for (const on of ["true", " TRUE ", true]) {
      expect(
        await violations(
          policy,
          ingress(secured, { ...ISSUER, "nginx.ingress.kubernetes.io/ssl-redirect": on }),
        ),
        String(on),
      ).toEqual([]);
    }
  });

  it("lets a patch leave the issuer to the Ingress it patches, but not the redirect", async () => {
    const patch = `${INGRESS}Patch`;
    expect(await violations(policy, ingress(secured, {}, patch))).toEqual([]);
    expect(
      await violations(
        policy,
        ingress(secured, { "nginx.ingress.kubernetes.io/ssl-redirect": "off" }, patch),
      ),
    ).toHaveLength(1);
    expect(
      await violations(
        policy,
        ingress(secured, {}, "kubernetes:networking.k8s.io/v1:IngressClass"),
      ),
    ).toEqual([]);
  });

  it("accepts either issuer annotation, and waits while one is unknown", async () => {
    expect(
      await violations(policy, ingress(secured, { "cert-manager.io/issuer": "local" })),
    ).toEqual([]);
    expect(
      await violations(policy, ingress(secured, { "cert-manager.io/cluster-issuer": "" })),
    ).toEqual(["Ingress web has no cert-manager issuer annotation"]);
    expect(
      await violations(policy, ingress(secured, { "cert-manager.io/issuer": UNKNOWN_VALUE })),
    ).toEqual([]);
  });
});
