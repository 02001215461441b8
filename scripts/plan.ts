import { runAsScript } from "./lib/command";
import { PLAN_HELP } from "./lib/commandHelp";

runAsScript(
  PLAN_HELP,
  async () => (require("./lib/planCommand") as typeof import("./lib/planCommand")).planCommand,
  2,
);
