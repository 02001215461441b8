import { loadArchonProdConfig } from "./archonProd/archonProdConfig";
import { deployArchonProd } from "./archonProd/archonProdStack";
import { ConfigReader } from "./config/configReader";
import { STACK_KINDS, StackKind } from "./config/declarations";
import { loadSector7Config } from "./sector7/sector7Config";
import { deploySector7 } from "./sector7/sector7Stack";

type StackProgram = (stack: string) => object;

/** What each kind deploys; a stack of any name picks one with `platform:kind`. */
const PROGRAMS: Readonly<Record<StackKind, StackProgram>> = {
  archon: (stack) => deployArchonProd(loadArchonProdConfig(stack)),
  sector7: (stack) => deploySector7(loadSector7Config(stack)),
};

/**
 * The stack's `platform:kind`. Required, with no default from the stack's name: Pulumi.yaml
 * declares it without a default, so the engine already refuses a stack that lacks it, and the
 * committed stack files set it.
 */
export function stackKind(stack: string): StackKind {
  const reader = new ConfigReader(stack);
  const kinds = STACK_KINDS.join(", ");
  const kind = reader.requiredString(
    "platform",
    "kind",
    `what this stack deploys, one of ${kinds} (pulumi config set platform:kind <kind>)`,
  );
  if (kind && !(STACK_KINDS as readonly string[]).includes(kind)) {
    reader.fail("platform:kind", kind, `one of ${kinds}`);
  }
  reader.assertValid();
  return kind as StackKind;
}

/** Runs the program of the stack's kind and returns its outputs. */
export function runStack(stack: string): object {
  return PROGRAMS[stackKind(stack)](stack);
}
