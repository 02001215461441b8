import {
  Policy,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}

/** Errors the engine handles itself (unknown values at preview, notApplicable). */
function isEngineSignal(error: unknown): boolean {
  const name = (error as { constructor?: { name?: string } })?.constructor?.name;
  return name === "UnknownValueError" || name === "NotApplicableError";
}

/**
 * The policy, with every throw while reading inputs turned into a violation naming the
 * resource and the error. A malformed value (a null port, a number where a path belongs) then
 * blocks the update with a readable finding instead of a stack trace, and the other policies,
 * and the findings this one made before it threw, still reach the engine.
 */
export function defensive<T extends Policy>(policy: T): T {
  if ("validateResource" in policy && typeof policy.validateResource === "function") {
    const inner = (policy as ResourceValidationPolicy).validateResource as (
      ...a: Parameters<Extract<ResourceValidationPolicy["validateResource"], Function>>
    ) => Promise<void> | void;
    const wrapped: ResourceValidationPolicy["validateResource"] = async (
      args,
      report: ReportViolation,
    ) => {
      try {
        await inner(args, report);
      } catch (error) {
        if (isEngineSignal(error)) {
          throw error;
        }
        report(
          `${args.type} ${args.name} has a malformed value this policy cannot read: ${describe(error)}`,
        );
      }
    };
    return { ...policy, validateResource: wrapped };
  }
  if ("validateStack" in policy && typeof policy.validateStack === "function") {
    const inner = (policy as StackValidationPolicy).validateStack;
    const wrapped: StackValidationPolicy["validateStack"] = async (args, report) => {
      try {
        await inner(args, report);
      } catch (error) {
        if (isEngineSignal(error)) {
          throw error;
        }
        report(`the stack has a malformed value this policy cannot read: ${describe(error)}`);
      }
    };
    return { ...policy, validateStack: wrapped };
  }
  return policy;
}
