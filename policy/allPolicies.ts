import { Policies } from "@pulumi/policy";
import { archonBehindLogin } from "./policies/archonBehindLogin";
import { defensive } from "./lib/defensive";
import { commandsReviewed } from "./policies/commandsReviewed";
import { databaseMountsProtected } from "./policies/databaseMountsProtected";
import { databaseVolumesProtected } from "./policies/databaseVolumesProtected";
import { dockerEnvCredentials } from "./policies/dockerEnvCredentials";
import { dockerImagePinned } from "./policies/dockerImagePinned";
import { dockerLoopbackPorts } from "./policies/dockerLoopbackPorts";
import { dockerNoHostPrivileges } from "./policies/dockerNoHostPrivileges";
import { dockerNoSensitiveHostPaths } from "./policies/dockerNoSensitiveHostPaths";
import { dockerRuntimeLimits } from "./policies/dockerRuntimeLimits";
import { dockerSocketReadOnly } from "./policies/dockerSocketReadOnly";
import { kubernetesAppNamespaceDefaultDeny } from "./policies/kubernetesAppNamespaceDefaultDeny";
import { dockerVolumesFrom } from "./policies/dockerVolumesFrom";
import { kubernetesEdgeRoutes } from "./policies/kubernetesEdgeRoutes";
import { kubernetesExposedServices } from "./policies/kubernetesExposedServices";
import { kubernetesGpuPlacement } from "./policies/kubernetesGpuPlacement";
import { kubernetesImagePinned } from "./policies/kubernetesImagePinned";
import { kubernetesIngressTls } from "./policies/kubernetesIngressTls";
import { kubernetesNoHostAccess } from "./policies/kubernetesNoHostAccess";
import { kubernetesResourceLimits } from "./policies/kubernetesResourceLimits";
import { kubernetesSecretEnv } from "./policies/kubernetesSecretEnv";
import { kubernetesStorageClass } from "./policies/kubernetesStorageClass";
import { noSupabaseDemoSecrets } from "./policies/noSupabaseDemoSecrets";
import { postgrestAnonRole } from "./policies/postgrestAnonRole";
import { readWriteOnceRecreate } from "./policies/readWriteOnceRecreate";

/**
 * Every policy of the pack, in the order the engine reports them, each wrapped so that a
 * malformed input is reported as a violation instead of crashing the policy. Kept apart from
 * index.ts, which serves the pack over gRPC as soon as it is loaded, so tests and tools can
 * import it.
 */
export const policies: Policies = [
  dockerLoopbackPorts,
  dockerNoHostPrivileges,
  dockerSocketReadOnly,
  dockerNoSensitiveHostPaths,
  dockerVolumesFrom,
  dockerImagePinned,
  dockerEnvCredentials,
  dockerRuntimeLimits,
  kubernetesImagePinned,
  kubernetesNoHostAccess,
  kubernetesResourceLimits,
  kubernetesSecretEnv,
  kubernetesGpuPlacement,
  kubernetesExposedServices,
  kubernetesEdgeRoutes,
  kubernetesIngressTls,
  kubernetesStorageClass,
  kubernetesAppNamespaceDefaultDeny,
  noSupabaseDemoSecrets,
  databaseVolumesProtected,
  archonBehindLogin,
  databaseMountsProtected,
  commandsReviewed,
  postgrestAnonRole,
  readWriteOnceRecreate,
].map(defensive);
