import { loadArchonProdConfig } from "./archonProd/archonProdConfig";
import { deployArchonProd } from "./archonProd/archonProdStack";
import { loadSector7Config } from "./sector7/sector7Config";
import { deploySector7 } from "./sector7/sector7Stack";

type StackProgram = (stack: string) => object;

/** Every environment this program deploys, by stack name. */
const STACKS: Readonly<Record<string, StackProgram>> = {
  "archon-prod": (stack) => deployArchonProd(loadArchonProdConfig(stack)),
  sector7: (stack) => deploySector7(loadSector7Config(stack)),
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
