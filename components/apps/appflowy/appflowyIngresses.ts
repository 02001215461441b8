import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NGINX_ANNOTATIONS, tlsIngress } from "../../toolbox/workloads/tlsIngress";
import type { AppFlowyServices } from "./appflowyServices";
import type { AppFlowyParts } from "./appflowyStack";
import { AppFlowyServiceKey } from "./appflowyWiring";

/**
 * Three ingresses on one host: GoTrue under `/gotrue` with the prefix stripped; the MinIO API
 * under `/minio-api`, prefix stripped and the upstream Host set to MinIO's internal name; and
 * everything else unchanged. ingress-nginx applies rewrite and upstream-host annotations to a
 * whole Ingress, so the two rewritten paths cannot share one with each other or with the rest.
 */
export function appflowyIngresses(
  parts: AppFlowyParts,
  services: AppFlowyServices,
): kubernetes.networking.v1.Ingress[] {
  const { name, args, platform, urls } = parts;
  const ns = parts.namespace;
  const child = { parent: parts.parent };
  const ingress = (
    suffix: string,
    spec: Omit<
      Parameters<typeof tlsIngress>[1],
      "namespace" | "host" | "ingressClassName" | "clusterIssuer" | "tlsSecretName"
    >,
    dependsOn: pulumi.Resource[],
  ) =>
    tlsIngress(
      `${name}-${suffix}-ingress`,
      {
        ...spec,
        namespace: ns,
        host: args.host,
        ingressClassName: platform.ingressClassName,
        clusterIssuer: platform.clusterIssuer,
        // One certificate per Ingress: cert-manager's ingress-shim makes each annotated
        // Ingress the owner of a Certificate named after its secret, so a shared secret would
        // have three owners fighting over it.
        tlsSecretName: `${spec.name}-tls`,
      },
      { ...child, dependsOn: [...dependsOn, ...platform.waitFor] },
    );
  const serviceOf = (key: AppFlowyServiceKey) => services[key].service.metadata.name;

  return [
    ingress(
      "gotrue",
      {
        name: "appflowy-gotrue",
        paths: [
          {
            path: "/gotrue(/|$)(.*)",
            pathType: "ImplementationSpecific",
            serviceName: serviceOf("gotrue"),
            servicePort: 9999,
          },
        ],
        annotations: {
          [NGINX_ANNOTATIONS.useRegex]: "true",
          [NGINX_ANNOTATIONS.rewriteTarget]: "/$2",
        },
      },
      [services.gotrue.workload],
    ),
    ingress(
      "minio-api",
      {
        name: "appflowy-minio-api",
        paths: [
          {
            path: "/minio-api(/|$)(.*)",
            pathType: "ImplementationSpecific",
            serviceName: serviceOf("minio"),
            servicePort: 9000,
          },
        ],
        annotations: {
          [NGINX_ANNOTATIONS.useRegex]: "true",
          [NGINX_ANNOTATIONS.rewriteTarget]: "/$2",
          // Presigned URLs are signed for MinIO's internal address; MinIO checks the Host.
          [NGINX_ANNOTATIONS.upstreamVhost]: new URL(urls.internal.minio).host,
          [NGINX_ANNOTATIONS.proxyBodySize]: "1000m",
        },
      },
      [services.minio.workload],
    ),
    ingress(
      "app",
      {
        name: "appflowy",
        paths: [
          { path: "/api", serviceName: serviceOf("cloud"), servicePort: 8000 },
          { path: "/ws", serviceName: serviceOf("cloud"), servicePort: 8000 },
          { path: "/console", serviceName: serviceOf("adminFrontend"), servicePort: 3000 },
          { path: "/", serviceName: serviceOf("web"), servicePort: 80 },
        ],
        annotations: {
          // Collaboration websockets stay open for a day, as in AppFlowy's nginx.conf.
          [NGINX_ANNOTATIONS.proxyReadTimeout]: "86400",
          [NGINX_ANNOTATIONS.proxySendTimeout]: "86400",
          // Imports upload up to 2 GB.
          [NGINX_ANNOTATIONS.proxyBodySize]: "2g",
        },
      },
      [services.cloud.workload, services.web.workload, services.adminFrontend.workload],
    ),
  ];
}
