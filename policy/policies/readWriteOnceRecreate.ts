import { StackValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";
import { listOf, PodSpec } from "../lib/podSpecs";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";
/** Access modes a second node's pod cannot attach while the first holds the volume. */
const SINGLE_ATTACH = new Set(["ReadWriteOnce", "ReadWriteOncePod"]);

interface Metadata {
  metadata?: { name?: string; namespace?: string };
}
interface ClaimProps extends Metadata {
  spec?: { accessModes?: unknown };
}
interface DeploymentProps extends Metadata {
  spec?: { strategy?: { type?: unknown }; template?: { spec?: PodSpec } };
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? "default"}/${name}`;

/**
 * A Deployment's default strategy, RollingUpdate, starts the new pod before the old one stops.
 * With a ReadWriteOnce (or ReadWriteOncePod) claim the new pod cannot attach the volume while the
 * old one holds it, so every update hangs (or, on the same node, two servers share one data
 * directory). Recreate stops the old pod first. Stack-wide: the claim is another resource.
 */
export const readWriteOnceRecreate: StackValidationPolicy = {
  name: "kubernetes-rwo-recreate",
  description:
    "A Deployment that mounts a ReadWriteOnce or ReadWriteOncePod PersistentVolumeClaim of the program uses the Recreate strategy.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set spec.strategy.type: Recreate on the Deployment (or use a StatefulSet, which never " +
    "runs two pods of one ordinal at once).",
  validateStack: (args, reportViolation) => {
    const singleAttach = new Map<string, string[]>();
    for (const resource of args.resources) {
      if (resource.type !== CLAIM) {
        continue;
      }
      const claim = readKnown<ClaimProps>(resource.props).value;
      const name = claim.metadata?.name;
      const modes = listOf<unknown>(claim.spec?.accessModes).filter(
        (m): m is string => typeof m === "string" && SINGLE_ATTACH.has(m),
      );
      if (typeof name === "string" && modes.length > 0) {
        singleAttach.set(key(claim.metadata?.namespace, name), modes);
      }
    }
    for (const resource of args.resources) {
      if (resource.type !== DEPLOYMENT) {
        continue;
      }
      const deployment = readKnown<DeploymentProps>(resource.props).value;
      const strategy = deployment.spec?.strategy?.type ?? "RollingUpdate";
      if (strategy === "Recreate") {
        continue;
      }
      const namespace = deployment.metadata?.namespace;
      for (const volume of listOf<NonNullable<PodSpec["volumes"]>[number]>(
        deployment.spec?.template?.spec?.volumes,
      )) {
        const claimName = volume?.persistentVolumeClaim?.claimName;
        const modes = typeof claimName === "string" && singleAttach.get(key(namespace, claimName));
        if (modes) {
          reportViolation(
            `Deployment ${deployment.metadata?.name ?? resource.name} uses the ${String(strategy)} ` +
              `strategy while it mounts claim ${claimName} (${modes.join(", ")}); use Recreate`,
            resource.urn,
          );
        }
      }
    }
  },
};
