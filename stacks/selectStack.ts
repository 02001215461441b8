import { loadArchonProdConfig } from "./archonProd/archonProdConfig";
import { deployArchonProd } from "./archonProd/archonProdStack";

type StackProgram = (stack: string) => object;

/** Every environment this program deploys, by stack name. */
const STACKS: Readonly<Record<string, StackProgram>> = {
  "archon-prod": (stack) => deployArchonProd(loadArchonProdConfig(stack)),
};

/** Runs the program of the selected stack and returns its outputs. */
export function runStack(stack: string): object {
  const program = STACKS[stack];
  if (!program) {
    throw new Error(
      `Unknown stack "${stack}": this program deploys ${Object.keys(STACKS).join(", ")}. ` +
        "Select one with `pulumi stack select <name>`.",
    );
  }
  return program(stack);
}
