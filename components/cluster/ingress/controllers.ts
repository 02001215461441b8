import { PinnedChart } from "../../toolbox/kubernetes/helmRelease";
import { PodSecurityLevel } from "../../toolbox/kubernetes/namespace";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** Everything that differs between ingress controllers, so that switching is one edit. */
export interface IngressControllerProfile {
  /** For messages and outputs. */
  readonly displayName: string;
  readonly chart: PinnedChart;
  readonly releaseName: string;
  readonly namespace: string;
  readonly podSecurity: PodSecurityLevel;
  /** The IngressClass the chart creates; Ingresses and ACME HTTP-01 solvers name it. */
  readonly className: string;
  /** `namespace/name` of the LoadBalancer Service the chart creates (the policy allowlists it). */
  readonly serviceName: string;
  /**
   * Labels of the controller's pods that its Service selects (the chart's selector labels; the
   * policy pack's edge exemption checks for them).
   */
  readonly controllerSelector: Readonly<Record<string, string>>;
  /** Annotations that put the controller's Service on `address` from MetalLB pool `poolName`. */
  serviceAnnotations(loadBalancer: { address: string; poolName: string }): Record<string, string>;
  /** Chart values that put the controller's Service on `address`, taken from MetalLB pool `poolName`. */
  values(loadBalancer: { address: string; poolName: string }): Record<string, unknown>;
}

/**
 * Kubernetes' ingress-nginx (kubernetes/ingress-nginx, chart 4.15.1, controller v1.15.1), the
 * seed's choice. Upstream ended maintenance in March 2026: 4.15.1 is its last chart and receives
 * no further fixes, security fixes included.
 */
/** MetalLB's annotations; spec.loadBalancerIP is deprecated in Kubernetes. */
function metallbAnnotations({
  address,
  poolName,
}: {
  address: string;
  poolName: string;
}): Record<string, string> {
  return { "metallb.io/loadBalancerIPs": address, "metallb.io/address-pool": poolName };
}

export const INGRESS_NGINX: IngressControllerProfile = {
  displayName: "ingress-nginx",
  chart: PINNED_VERSIONS.chart("ingress-nginx"),
  releaseName: "ingress-nginx",
  namespace: "ingress-nginx",
  // The controller adds NET_BIND_SERVICE, which baseline allows and restricted does not.
  podSecurity: "baseline",
  className: "nginx",
  serviceName: "ingress-nginx/ingress-nginx-controller",
  controllerSelector: {
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/component": "controller",
  },
  serviceAnnotations: metallbAnnotations,
  values: (loadBalancer) => ({
    // Keeps object names (ingress-nginx-controller) independent of the release name.
    fullnameOverride: "ingress-nginx",
    controller: {
      ingressClass: "nginx",
      ingressClassResource: {
        name: "nginx",
        enabled: true,
        // The only controller in the cluster (k3s' Traefik is disabled): Ingresses without a
        // class land here too.
        default: true,
        controllerValue: "k8s.io/ingress-nginx",
      },
      service: {
        type: "LoadBalancer",
        annotations: metallbAnnotations(loadBalancer),
      },
    },
  }),
};

/**
 * The cluster's ingress controller: the one place it is chosen. Moving to another controller
 * (a Gateway API implementation, Traefik, NGINX Inc.'s controller) means writing its profile and
 * pointing this at it; the class name and Service it exposes flow from here to cert-manager's
 * solvers, Grafana's Ingress and the stack outputs.
 */
export const INGRESS_CONTROLLER: IngressControllerProfile = INGRESS_NGINX;
