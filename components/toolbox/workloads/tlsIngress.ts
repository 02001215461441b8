import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** One path of an ingress rule and the Service port it reaches. */
export interface IngressPath {
  readonly path: string;
  /** Default: `Prefix`; regex paths need `ImplementationSpecific`. */
  readonly pathType?: "Prefix" | "Exact" | "ImplementationSpecific";
  readonly serviceName: pulumi.Input<string>;
  readonly servicePort: number;
}

export interface TlsIngressSpec {
  /** Kubernetes name of the Ingress. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  readonly host: string;
  readonly paths: readonly IngressPath[];
  readonly ingressClassName: pulumi.Input<string>;
  readonly clusterIssuer: pulumi.Input<string>;
  /** Secret cert-manager writes the certificate to. Default: `<host with dashes>-tls`. */
  readonly tlsSecretName?: string;
  /** Extra controller annotations (ingress-nginx's `nginx.ingress.kubernetes.io/...`). */
  readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
}

export const CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";
const NGINX = "nginx.ingress.kubernetes.io";

/** ingress-nginx annotation keys this program uses. */
export const NGINX_ANNOTATIONS = {
  sslRedirect: `${NGINX}/ssl-redirect`,
  rewriteTarget: `${NGINX}/rewrite-target`,
  useRegex: `${NGINX}/use-regex`,
  proxyReadTimeout: `${NGINX}/proxy-read-timeout`,
  proxySendTimeout: `${NGINX}/proxy-send-timeout`,
  proxyBodySize: `${NGINX}/proxy-body-size`,
  upstreamVhost: `${NGINX}/upstream-vhost`,
} as const;

/** The secret name cert-manager stores a host's certificate in. */
export function tlsSecretNameOf(host: string): string {
  return `${host.replace(/\./g, "-")}-tls`;
}

/**
 * An Ingress served over TLS only: cert-manager's ClusterIssuer annotation makes it request a
 * certificate for `host` into the TLS secret, and plain http redirects to https.
 */
export function tlsIngress(
  resourceName: string,
  spec: TlsIngressSpec,
  opts: pulumi.CustomResourceOptions,
): kubernetes.networking.v1.Ingress {
  return new kubernetes.networking.v1.Ingress(
    resourceName,
    {
      metadata: {
        name: spec.name,
        namespace: spec.namespace,
        labels: { "app.kubernetes.io/managed-by": "pulumi" },
        annotations: {
          [CLUSTER_ISSUER_ANNOTATION]: spec.clusterIssuer,
          [NGINX_ANNOTATIONS.sslRedirect]: "true",
          ...spec.annotations,
        },
      },
      spec: {
        ingressClassName: spec.ingressClassName,
        tls: [{ hosts: [spec.host], secretName: spec.tlsSecretName ?? tlsSecretNameOf(spec.host) }],
        rules: [
          {
            host: spec.host,
            http: {
              paths: spec.paths.map((p) => ({
                path: p.path,
                pathType: p.pathType ?? "Prefix",
                backend: { service: { name: p.serviceName, port: { number: p.servicePort } } },
              })),
            },
          },
        ],
      },
    },
    opts,
  );
}
