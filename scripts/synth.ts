import { runAsScript } from "./lib/command";
import { synthCommand } from "./lib/synthCommand";

runAsScript((argv, output) => synthCommand(argv, output), 1);
