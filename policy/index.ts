import { PolicyPack } from "@pulumi/policy";
import { policies } from "./allPolicies";

// Serves the pack over gRPC as soon as it is loaded (as `pulumi preview --policy-pack policy`
// starts it): import ./allPolicies, never this module, from tests and tools.
new PolicyPack("archon-sector7", { policies, enforcementLevel: "mandatory" });
