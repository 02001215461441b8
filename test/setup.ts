import { formatPulumiStacksPlainly } from "./support/pulumiStackTraces";
import { pathWithPostgresFirst } from "./support/systemTools";

formatPulumiStacksPlainly();
process.env.PATH = pathWithPostgresFirst();
