import { runAsScript } from "./lib/command";
import { SYNTH_HELP } from "./lib/commandHelp";

runAsScript(
  SYNTH_HELP,
  async () => (require("./lib/synthCommand") as typeof import("./lib/synthCommand")).synthCommand,
  1,
);
