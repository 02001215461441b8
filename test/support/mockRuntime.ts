import * as pulumi from "@pulumi/pulumi";
import { deterministicMocks } from "../../scripts/lib/mockState";

/** Lets registrations of a previous test finish, then installs fresh deterministic mocks. */
export async function freshMocks(stack = "test"): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  await pulumi.runtime.setMocks(deterministicMocks, "platform", stack, false);
}
