import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartPinProblem, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { parseIpv4 } from "../../toolbox/network/ipv4";
import { parseIpv4Range, rangeContains } from "../../toolbox/network/ipv4Range";
import { INGRESS_CONTROLLER, IngressControllerProfile } from "./controllers";

export interface IngressControllerArgs {
  /** The fixed LoadBalancer address, inside the MetalLB pool (seed 004: 192.168.2.200). */
  readonly loadBalancerIp: string;
  /** The MetalLB pool the address comes from. */
  readonly poolName: pulumi.Input<string>;
  /** The pool's addresses (`start-end` or CIDR); the address must lie inside. */
  readonly poolAddresses: string;
  /** Resources that must exist first: the MetalLB pool and its advertisement. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
  /** Default: {@link INGRESS_CONTROLLER}. */
  readonly profile?: IngressControllerProfile;
  /**
   * Install the controller's chart (and its namespace). False: a controller of this profile
   * already runs (seed 004, phase 1 keeps it); its IngressClass is read, which fails the
   * preview when it is missing, and its Service is patched onto the MetalLB address, as seed
   * 004's phase 2.3 does with `kubectl patch`. Default: true.
   */
  readonly install?: boolean;
}

/**
 * The cluster's HTTP(S) entry point on a fixed MetalLB address (seed 004, phase 2.3), which the
 * firewall forwards ports 80 and 443 to.
 */
export class IngressController extends pulumi.ComponentResource {
  /** The chart's release; undefined when the controller already ran (`install: false`). */
  readonly release?: kubernetes.helm.v3.Release;
  /** The existing IngressClass, read, when `install` is false. */
  readonly existingClass?: kubernetes.networking.v1.IngressClass;
  /** The patch that puts the existing controller's Service on the address (`install: false`). */
  readonly servicePatch?: kubernetes.core.v1.ServicePatch;
  readonly className: pulumi.Output<string>;
  readonly loadBalancerIp: pulumi.Output<string>;
  /** `namespace/name` of the controller's LoadBalancer Service. */
  readonly serviceName: pulumi.Output<string>;
  readonly controllerName: pulumi.Output<string>;

  constructor(name: string, args: IngressControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ingress:IngressController", name, {}, opts);

    const profile = args.profile ?? INGRESS_CONTROLLER;
    const pinProblem = chartPinProblem(profile.chart);
    if (pinProblem) {
      throw new pulumi.ResourceError(pinProblem, this);
    }
    const address = parseIpv4(args.loadBalancerIp);
    const pool = parseIpv4Range(args.poolAddresses);
    if (address === undefined || !pool || !rangeContains(pool, address)) {
      throw new pulumi.ResourceError(
        `loadBalancerIp ${args.loadBalancerIp} must be an IPv4 address inside the pool ${args.poolAddresses}`,
        this,
      );
    }

    if (args.install ?? true) {
      const ns = namespace(
        `${name}-namespace`,
        { name: profile.namespace, podSecurity: profile.podSecurity },
        { parent: this },
      );

      this.release = pinnedRelease(
        `${name}-chart`,
        {
          chart: profile.chart,
          releaseName: profile.releaseName,
          namespace: ns.metadata.name,
          values: pulumi
            .output(args.poolName)
            .apply((poolName) => profile.values({ address: args.loadBalancerIp, poolName })),
        },
        // After the pool: a LoadBalancer Service created before it would stay <pending>.
        { parent: this, dependsOn: args.waitFor ?? [] },
      );
    } else {
      // A read, not a create: the running controller owns its class; a missing one fails here.
      this.existingClass = kubernetes.networking.v1.IngressClass.get(
        `${name}-class`,
        profile.className,
        { parent: this },
      );
      const [serviceNamespace, serviceName] = profile.serviceName.split("/");
      this.servicePatch = new kubernetes.core.v1.ServicePatch(
        `${name}-service`,
        {
          metadata: {
            name: serviceName,
            namespace: serviceNamespace,
            annotations: pulumi.output(args.poolName).apply((poolName) => ({
              ...profile.serviceAnnotations({ address: args.loadBalancerIp, poolName }),
              // The seed's controller came from kubectl apply, which owns spec.type.
              "pulumi.com/patchForce": "true",
            })),
          },
          // The selector the controller's Service already has (server-side apply merges the
          // keys), stated so that what the LoadBalancer exposes can be checked.
          spec: { type: "LoadBalancer", selector: { ...profile.controllerSelector } },
        },
        { parent: this, dependsOn: args.waitFor ?? [], retainOnDelete: true },
      );
    }

    this.className = pulumi.output(profile.className);
    this.loadBalancerIp = pulumi.output(args.loadBalancerIp);
    this.serviceName = pulumi.output(profile.serviceName);
    this.controllerName = pulumi.output(profile.displayName);
    this.registerOutputs({
      className: this.className,
      loadBalancerIp: this.loadBalancerIp,
      serviceName: this.serviceName,
      controllerName: this.controllerName,
    });
  }
}
