import * as pulumi from "@pulumi/pulumi";

/** Let's Encrypt's ACME directories, production and staging. */
export const LETSENCRYPT_SERVERS = {
  "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

export type LetsEncryptIssuer = keyof typeof LETSENCRYPT_SERVERS;

export const LETSENCRYPT_ISSUERS = Object.keys(LETSENCRYPT_SERVERS) as LetsEncryptIssuer[];

/**
 * The spec of a ClusterIssuer (cert-manager.io/v1) that solves ACME HTTP-01 challenges through
 * the given ingress class. The ACME account key lives in a Secret named after the issuer.
 */
export function acmeIssuerSpec(
  issuer: LetsEncryptIssuer,
  email: string,
  ingressClassName: pulumi.Input<string>,
): pulumi.Input<Record<string, unknown>> {
  return {
    acme: {
      server: LETSENCRYPT_SERVERS[issuer],
      email,
      privateKeySecretRef: { name: issuer },
      solvers: [{ http01: { ingress: { ingressClassName } } }],
    },
  };
}
