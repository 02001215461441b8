import { runAsScript } from "./lib/command";
import { planCommand } from "./lib/planCommand";

runAsScript((argv, output) => planCommand(argv, output), 2);
