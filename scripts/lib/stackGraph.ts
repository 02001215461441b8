import { redact } from "./propertyValues";
import { RecordedResource, SynthResult } from "./synthesize";

/**
 * A picture of a synthesized stack: components become clusters; containers, workloads, charts,
 * networks, volumes, ingresses, exposed services, images and commands become nodes; edges say
 * what each waits for or routes to. Secrets, namespaces, policies and the like stay out of the
 * picture, but dependencies that pass through them are kept.
 */

export type NodeKind =
  | "container"
  | "workload"
  | "chart"
  | "network"
  | "volume"
  | "ingress"
  | "service"
  | "image"
  | "command";

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly urn: string;
  /** First line: kind and name; further lines: image, ports, hosts, sizes. */
  readonly lines: readonly string[];
  /** URN of the closest drawn component, if any. */
  readonly cluster: string | null;
}

export interface GraphCluster {
  readonly id: string;
  readonly urn: string;
  readonly label: string;
  readonly parent: string | null;
}

export interface GraphEdge {
  readonly from: string;
  /** A node id, or a cluster id when the dependency is a whole component. */
  readonly to: string;
  readonly label?: string;
}

export interface StackGraph {
  readonly title: string;
  readonly clusters: readonly GraphCluster[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** The last segment of a type token: `docker:index/container:Container` -> `Container`. */
export function typeName(type: string): string {
  return type.split(":").pop() ?? type;
}

function kindOf(resource: RecordedResource): NodeKind | undefined {
  const name = typeName(resource.type);
  if (!resource.custom || resource.type.startsWith("pulumi:providers:")) {
    return undefined;
  }
  if (resource.type === "docker:index/container:Container") return "container";
  if (resource.type === "docker:index/network:Network") return "network";
  if (resource.type === "docker:index/volume:Volume") return "volume";
  if (resource.type === "docker:index/image:Image") return "image";
  if (resource.type.startsWith("command:")) return "command";
  if (resource.type.startsWith("kubernetes:helm.sh/")) return "chart";
  if (resource.type.startsWith("kubernetes:")) {
    if (WORKLOAD_KINDS.has(name)) return "workload";
    if (name === "PersistentVolumeClaim") return "volume";
    if (name === "Ingress") return "ingress";
    if (name === "Service") {
      const type = (redact(resource.inputs) as Loose)?.spec?.type;
      return type === "LoadBalancer" || type === "NodePort" ? "service" : undefined;
    }
  }
  return undefined;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** Digests are long and change with every build: the first 12 hex digits identify them. */
function shortImage(image: unknown): string {
  return String(image).replace(/@sha256:([0-9a-f]{12})[0-9a-f]+/, "@sha256:$1");
}

function podSpecOf(kind: string, inputs: Loose): Loose {
  return kind === "CronJob"
    ? inputs?.spec?.jobTemplate?.spec?.template?.spec
    : inputs?.spec?.template?.spec;
}

function podLabelsOf(kind: string, inputs: Loose): Record<string, string> {
  const template =
    kind === "CronJob" ? inputs?.spec?.jobTemplate?.spec?.template : inputs?.spec?.template;
  return template?.metadata?.labels ?? {};
}

function detailLines(kind: NodeKind, resource: RecordedResource): string[] {
  const inputs = redact(resource.inputs) as Loose;
  const k8sName = inputs?.metadata?.namespace
    ? `${inputs.metadata.namespace}/${inputs.metadata.name}`
    : inputs?.metadata?.name;
  switch (kind) {
    case "container": {
      const ports = (inputs.ports ?? []).map(
        (p: Loose) =>
          `publishes ${p.ip ?? "0.0.0.0"}:${p.external ?? p.internal} -> ${p.internal}/${p.protocol ?? "tcp"}`,
      );
      return [`container ${inputs.name ?? resource.name}`, shortImage(inputs.image), ...ports];
    }
    case "workload": {
      const spec = podSpecOf(typeName(resource.type), inputs);
      const images = (spec?.containers ?? []).map((c: Loose) => shortImage(c.image));
      const schedule = inputs?.spec?.schedule ? [`schedule ${inputs.spec.schedule}`] : [];
      return [`${typeName(resource.type)} ${k8sName}`, ...images, ...schedule];
    }
    case "chart":
      return [
        `chart ${inputs.chart}${inputs.version ? ` ${inputs.version}` : ""}`,
        `release ${inputs.namespace ? `${inputs.namespace}/` : ""}${inputs.name ?? resource.name}`,
      ];
    case "network":
      return [`network ${inputs.name ?? resource.name}`, ...(inputs.internal ? ["internal"] : [])];
    case "volume":
      if (resource.type.startsWith("kubernetes:")) {
        const storage = inputs?.spec?.resources?.requests?.storage;
        const storageClass = inputs?.spec?.storageClassName;
        return [
          `PVC ${k8sName}`,
          [storage, storageClass].filter((part) => part !== undefined).join(" "),
        ].filter((line) => line !== "");
      }
      return [`volume ${inputs.name ?? resource.name}`];
    case "ingress": {
      const hosts = [
        ...new Set<string>((inputs?.spec?.rules ?? []).map((r: Loose) => r.host ?? "*")),
      ];
      return [`Ingress ${k8sName}`, ...hosts.map((h) => `host ${h}`)];
    }
    case "service": {
      const ports = (inputs?.spec?.ports ?? []).map(
        (p: Loose) => `${inputs.spec.type} ${p.nodePort ?? p.port}/${p.protocol ?? "TCP"}`,
      );
      return [`Service ${k8sName}`, ...ports];
    }
    case "image":
      return [`image build ${inputs.imageName ?? resource.name}`];
    case "command":
      return [`command ${resource.name}`];
  }
}

/** `ns/name` of a Kubernetes object, from its inputs. */
function k8sKey(inputs: Loose): string {
  return `${inputs?.metadata?.namespace ?? "default"}/${inputs?.metadata?.name}`;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

export function buildStackGraph(result: SynthResult): StackGraph {
  const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
  const kinds = new Map<string, NodeKind>();
  for (const resource of result.resources) {
    const kind = kindOf(resource);
    if (kind) kinds.set(resource.urn, kind);
  }

  const isComponent = (r: RecordedResource) => !r.custom;
  const ancestors = (urn: string): string[] => {
    const chain: string[] = [];
    for (let p = byUrn.get(urn)?.parent; p && byUrn.has(p); p = byUrn.get(p)?.parent) {
      chain.push(p);
    }
    return chain;
  };

  // A component is drawn when something drawn sits inside it.
  const drawnComponents = new Set<string>();
  for (const urn of kinds.keys()) {
    ancestors(urn)
      .filter((a) => isComponent(byUrn.get(a)!))
      .forEach((a) => drawnComponents.add(a));
  }

  const ids = new Map<string, string>();
  const used = new Set<string>();
  const idFor = (resource: RecordedResource, prefix: string): string => {
    let id = `${prefix}${sanitize(`${typeName(resource.type)}_${resource.name}`)}`;
    while (used.has(id)) id += "_";
    used.add(id);
    ids.set(resource.urn, id);
    return id;
  };

  const clusters: GraphCluster[] = [...drawnComponents].sort().map((urn) => {
    const resource = byUrn.get(urn)!;
    const parent = ancestors(urn).find((a) => drawnComponents.has(a)) ?? null;
    return {
      id: idFor(resource, "cluster_"),
      urn,
      label: `${resource.type} ${resource.name}`,
      parent,
    };
  });
  const clusterIds = new Map(clusters.map((c) => [c.urn, c.id]));
  const clustersOut = clusters.map((c) => ({
    ...c,
    parent: c.parent ? clusterIds.get(c.parent)! : null,
  }));

  const nodes: GraphNode[] = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([urn, kind]) => {
      const resource = byUrn.get(urn)!;
      const cluster = ancestors(urn).find((a) => drawnComponents.has(a));
      return {
        id: idFor(resource, ""),
        kind,
        urn,
        lines: detailLines(kind, resource),
        cluster: cluster ? clusterIds.get(cluster)! : null,
      };
    });

  const edges = new Map<string, GraphEdge>();
  const addEdge = (from: string, to: string, label?: string) => {
    const key = `${from}->${to}`;
    if (from !== to && (!edges.has(key) || label)) {
      edges.set(key, { from, to, ...(label ? { label } : {}) });
    }
  };

  // What a drawn resource waits for, seen through resources that are not drawn.
  const drawnTargets = (urn: string, seen = new Set<string>()): string[] => {
    if (seen.has(urn)) return [];
    seen.add(urn);
    if (kinds.has(urn) || drawnComponents.has(urn)) return [urn];
    const resource = byUrn.get(urn);
    return resource ? resource.dependencies.flatMap((d) => drawnTargets(d, seen)) : [];
  };
  for (const node of nodes) {
    const resource = byUrn.get(node.urn)!;
    const own = new Set(ancestors(node.urn));
    for (const dependency of resource.dependencies) {
      for (const target of drawnTargets(dependency)) {
        if (!own.has(target)) addEdge(node.id, (ids.get(target) ?? clusterIds.get(target))!);
      }
    }
  }

  // Kubernetes wiring by name rather than by URN: claims mounted, services behind ingresses.
  const k8s = result.resources.filter((r) => r.type.startsWith("kubernetes:"));
  const claims = new Map<string, string>();
  const services = new Map<string, Record<string, string>>();
  const workloads: { id: string; namespace: string; labels: Record<string, string> }[] = [];
  for (const resource of k8s) {
    const inputs = redact(resource.inputs) as Loose;
    const kind = typeName(resource.type);
    if (kind === "PersistentVolumeClaim") claims.set(k8sKey(inputs), ids.get(resource.urn)!);
    if (kind === "Service") services.set(k8sKey(inputs), inputs?.spec?.selector ?? {});
    if (WORKLOAD_KINDS.has(kind)) {
      workloads.push({
        id: ids.get(resource.urn)!,
        namespace: inputs?.metadata?.namespace ?? "default",
        labels: podLabelsOf(kind, inputs),
      });
    }
  }
  for (const resource of k8s) {
    const inputs = redact(resource.inputs) as Loose;
    const kind = typeName(resource.type);
    const namespace = inputs?.metadata?.namespace ?? "default";
    if (WORKLOAD_KINDS.has(kind)) {
      for (const volume of podSpecOf(kind, inputs)?.volumes ?? []) {
        const claim = claims.get(`${namespace}/${volume?.persistentVolumeClaim?.claimName}`);
        if (claim) addEdge(ids.get(resource.urn)!, claim, "mounts");
      }
    }
    if (kind === "Ingress") {
      const backends = (inputs?.spec?.rules ?? []).flatMap((r: Loose) =>
        (r.http?.paths ?? []).map((p: Loose) => p.backend?.service?.name),
      );
      for (const name of new Set<string>(backends)) {
        const selector = services.get(`${namespace}/${name}`);
        for (const workload of workloads) {
          if (selector && workload.namespace === namespace && matches(selector, workload.labels)) {
            addEdge(ids.get(resource.urn)!, workload.id, "routes");
          }
        }
      }
    }
  }

  return {
    title: `${result.project} / ${result.stack}`,
    clusters: clustersOut,
    nodes,
    edges: [...edges.values()].sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    ),
  };
}
