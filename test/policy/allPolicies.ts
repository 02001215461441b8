import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy", "policies");

export interface PolicyModule {
  readonly file: string;
  readonly exportName: string;
  readonly policy: ResourceValidationPolicy | StackValidationPolicy;
}

/**
 * Every module of policy/policies with the one policy it exports. (The pack's list is
 * policy/allPolicies.ts; policy/index.ts is never imported: it serves the pack over gRPC.)
 */
export async function loadPolicyModules(): Promise<PolicyModule[]> {
  const files = fs
    .readdirSync(POLICY_DIR)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const modules: PolicyModule[] = [];
  for (const file of files) {
    const exported = Object.entries(await import(path.join(POLICY_DIR, file)));
    if (exported.length !== 1) {
      throw new Error(`${file} exports ${exported.length} things; one policy per module`);
    }
    const [exportName, policy] = exported[0];
    modules.push({ file, exportName, policy: policy as PolicyModule["policy"] });
  }
  return modules;
}
