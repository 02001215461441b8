import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A config property holding a list of names, with its default. */
export function stringListSchema(description: string, defaults: string[]): PolicyConfigJSONSchema {
  return {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: defaults,
    description,
  };
}
