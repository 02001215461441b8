import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./stacks/selectStack";

export = runStack(pulumi.getStack());
