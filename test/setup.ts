import { formatPulumiStacksPlainly } from "./support/pulumiStackTraces";

formatPulumiStacksPlainly();
