import { ServiceDatabaseSpec } from "../../components/database/kubernetes/provisioningSql";
import { Sector7ServicesConfig } from "./servicesConfig";

/** One role and database per service on the shared PostgreSQL (seed 001's isolation). */
export function serviceDatabasesOf(config: Sector7ServicesConfig): ServiceDatabaseSpec[] {
  return [
    { service: "n8n", database: "n8n", role: "n8n" },
    { service: "nocodb", database: "nocodb", role: "nocodb" },
    ...(config.nextcloud.enabled
      ? [{ service: "nextcloud", database: "nextcloud", role: "nextcloud" }]
      : []),
  ];
}
