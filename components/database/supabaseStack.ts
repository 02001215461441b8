import * as pulumi from "@pulumi/pulumi";
import { SupabaseImages } from "./images";
import { SupabaseKubernetes, SupabaseKubernetesTarget } from "./kubernetes/supabaseKubernetes";
import {
  deploySupabaseOnDocker,
  SupabaseDockerTarget,
  SupabaseMemoryLimits,
  SupabaseOnDocker,
} from "./supabaseOnDocker";

export {
  DEFAULT_SUPABASE_HOST_PORTS,
  DEFAULT_SUPABASE_MEMORY_MB,
  POSTGREST_ADMIN_PORT,
  SupabaseDockerTarget,
  SupabaseHostPorts,
  SupabaseMemoryLimits,
  SupabaseOnDocker,
} from "./supabaseOnDocker";

/** The credentials SupabaseStack wires into its services (see SupabaseSecrets). */
export interface SupabaseCredentials {
  readonly postgresPassword: pulumi.Input<string>;
  readonly jwtSecret: pulumi.Input<string>;
  readonly anonKey: pulumi.Input<string>;
  readonly serviceRoleKey: pulumi.Input<string>;
  /** Shared by Studio and postgres-meta to encrypt connection strings (Docker target). */
  readonly pgMetaCryptoKey: pulumi.Input<string>;
}

export interface SupabaseStackArgs {
  readonly credentials: SupabaseCredentials;
  /** Default: {@link DEFAULT_SUPABASE_IMAGES}. */
  readonly images?: SupabaseImages;
  /** Lifetime of user JWTs PostgREST issues, in seconds. Default: 3600. */
  readonly jwtExpirySeconds?: number;
  /** Default: {@link DEFAULT_SUPABASE_MEMORY_MB}. */
  readonly memoryMb?: SupabaseMemoryLimits;
  /** Postgres `-c` settings. Default: {@link DEFAULT_POSTGRES_SETTINGS}. */
  readonly postgresSettings?: Readonly<Record<string, string>>;
  /**
   * The public URL Studio shows and links to (`SUPABASE_PUBLIC_URL`), e.g. the edge's
   * `https://supabase.<domain>`. Default: the loopback Kong URL.
   */
  readonly publicUrl?: pulumi.Input<string>;
  /** Where it runs: containers on one Docker host, or Postgres in a Kubernetes cluster. */
  readonly target: SupabaseDockerTarget | SupabaseKubernetesTarget;
}

/**
 * Supabase for one environment, on the target it names: seed 000's containers on a Docker host
 * (archon-prod), or seed 004's PostgreSQL StatefulSet with per-service databases on Kubernetes
 * (sector7). The credentials are the same SupabaseSecrets on both.
 */
export class SupabaseStack extends pulumi.ComponentResource {
  /** Set when the target is `docker`. */
  readonly docker?: SupabaseOnDocker;
  /** Set when the target is `kubernetes`. */
  readonly kubernetes?: SupabaseKubernetes;
  /** Postgres as clients reach it (no password). */
  readonly postgresUrl: pulumi.Output<string>;

  constructor(name: string, args: SupabaseStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:supabase:SupabaseStack", name, {}, opts);
    if (args.target.kind === "docker") {
      this.docker = deploySupabaseOnDocker(this, name, args, args.target);
      this.postgresUrl = this.docker.postgresUrl;
    } else {
      this.kubernetes = new SupabaseKubernetes(
        name,
        {
          credentials: args.credentials,
          target: args.target,
        },
        { parent: this },
      );
      this.postgresUrl = this.kubernetes.postgresUrl;
    }
    this.registerOutputs({ postgresUrl: this.postgresUrl });
  }

  /** The containers, for a stack that knows it deployed to Docker. */
  onDocker(): SupabaseOnDocker {
    if (!this.docker) {
      throw new pulumi.ResourceError(
        "this SupabaseStack has a kubernetes target, not docker",
        this,
      );
    }
    return this.docker;
  }

  /** The Kubernetes deployment, for a stack that knows it deployed to a cluster. */
  onKubernetes(): SupabaseKubernetes {
    if (!this.kubernetes) {
      throw new pulumi.ResourceError(
        "this SupabaseStack has a docker target, not kubernetes",
        this,
      );
    }
    return this.kubernetes;
  }
}
