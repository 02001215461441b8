import { StackValidationPolicy } from "@pulumi/policy";
import { findSupabaseDemoSecret } from "../../components/secrets/supabaseDemoSecrets";
import { readKnown } from "../lib/known";
import { stringsIn } from "../lib/stringsIn";

export const noSupabaseDemoSecrets: StackValidationPolicy = {
  name: "no-supabase-demo-secrets",
  description:
    "No resource in the stack carries Supabase's publicly known demo JWT secret, a key signed with it (the demo anon and service_role keys) or a demo password, verbatim or base64-encoded.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Let the program generate the secrets, or set your own with `pulumi config set --secret " +
    'supabase:jwtSecret "$(openssl rand -base64 48)"`; then rotate every key signed with the demo secret.',
  validateStack: (args, reportViolation) => {
    for (const resource of args.resources) {
      for (const [path, text] of stringsIn(readKnown(resource.props).value)) {
        const found = findSupabaseDemoSecret(text);
        if (found) {
          // Name what and where, never the value.
          reportViolation(`${resource.name} carries ${found} in ${path}`, resource.urn);
        }
      }
    }
  },
};
