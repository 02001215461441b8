import * as pulumi from "@pulumi/pulumi";
import { OLLAMA_PORT, QDRANT_GRPC_PORT, QDRANT_HTTP_PORT } from "../../components/apps/ai/aiImages";
import { INGRESS_CONTROLLER } from "../../components/cluster/ingress/controllers";
import { SUPABASE_DB_NAME } from "../../components/database/kubernetes/supabaseKubernetes";
import { AppIsolation, IsolationClient } from "../../components/toolbox/network/appIsolation";
import { selectorOf } from "../../components/toolbox/workloads/containers";
import type { Sector7ServicesPlatform } from "./sector7Services";
import { serviceDatabasesOf } from "./serviceDatabases";
import { Sector7ServicesConfig } from "./servicesConfig";

/** Kubernetes names of the app namespaces (undefined: the app is off). */
export interface AppNamespaces {
  readonly supabase: pulumi.Input<string>;
  readonly heimdall: pulumi.Input<string>;
  readonly n8n: pulumi.Input<string>;
  readonly nocodb: pulumi.Input<string>;
  readonly nextcloud?: pulumi.Input<string>;
  readonly appflowy: pulumi.Input<string>;
  readonly ai: pulumi.Input<string>;
}

/**
 * Issue 14's isolation: in every app namespace ingress is denied by default and allowed from
 * the namespace itself (which holds each server's backup and provisioning jobs), from the
 * ingress controller to the web ports, from monitoring to the scrape ports, from the namespaces
 * that own a database to the shared PostgreSQL, and from n8n to Ollama and Qdrant.
 */
export function isolateNamespaces(
  config: Sector7ServicesConfig,
  platform: Sector7ServicesPlatform,
  opts: pulumi.ComponentResourceOptions,
  ns: AppNamespaces,
): void {
  const ingressNs = platform.ingressControllerNamespace ?? INGRESS_CONTROLLER.namespace;
  const monitoringNs = platform.monitoringNamespace ?? "monitoring";
  const web = (name: string, namespace: pulumi.Input<string>, ports: number[]) =>
    new AppIsolation(
      `sector7-${name}-isolation`,
      {
        namespace,
        ingressControllerNamespace: ingressNs,
        webPorts: ports,
        monitoring: { namespace: monitoringNs, ports },
      },
      opts,
    );
  web("heimdall", ns.heimdall, [80]);
  web("n8n", ns.n8n, [5678]);
  web("nocodb", ns.nocodb, [8080]);
  if (ns.nextcloud) {
    web("nextcloud", ns.nextcloud, [80]);
  }
  // AppFlowy's web, admin console, API, GoTrue and MinIO API are all behind its ingresses.
  web("appflowy", ns.appflowy, [80, 3000, 8000, 9000, 9999]);

  const owners = serviceDatabasesOf(config).map((db) => db.service);
  const databaseOwners = owners.map((service) => {
    const found = { n8n: ns.n8n, nocodb: ns.nocodb, nextcloud: ns.nextcloud }[service];
    if (!found) {
      throw new Error(`no namespace known for the database owner ${service}`);
    }
    return found;
  });
  new AppIsolation(
    "sector7-supabase-isolation",
    {
      namespace: ns.supabase,
      clients: [
        {
          name: "database-owners",
          namespaces: databaseOwners,
          podSelector: selectorOf(SUPABASE_DB_NAME),
          ports: [5432],
        },
      ],
    },
    opts,
  );

  const aiClients: IsolationClient[] = [
    {
      name: "n8n-ollama",
      namespaces: [ns.n8n],
      podSelector: selectorOf("ollama"),
      ports: [OLLAMA_PORT],
    },
    ...(config.ai.qdrantEnabled
      ? [
          {
            name: "n8n-qdrant",
            namespaces: [ns.n8n],
            podSelector: selectorOf("qdrant"),
            ports: [QDRANT_HTTP_PORT, QDRANT_GRPC_PORT],
          },
        ]
      : []),
  ];
  new AppIsolation(
    "sector7-ai-isolation",
    {
      namespace: ns.ai,
      monitoring: config.ai.qdrantEnabled
        ? { namespace: monitoringNs, ports: [QDRANT_HTTP_PORT] }
        : undefined,
      clients: aiClients,
    },
    opts,
  );
}
