import { engineUrn, RecordedResource, SynthResult } from "../../scripts/lib/synthesize";

/**
 * Every URN under which the engine would recognise each synthesized resource: its own URN, the
 * URNs its `aliases` resolve to, and the URNs it inherits from its parent's aliases (a child of a
 * moved component keeps its identity when only the component carries the alias).
 */
export function knownIdentities(result: SynthResult): Set<string> {
  const byUrn = new Map(result.resources.map((resource) => [resource.urn, resource]));
  const memo = new Map<string, Set<string>>();

  const identitiesOf = (resource: RecordedResource): Set<string> => {
    const cached = memo.get(resource.urn);
    if (cached) return cached;
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    const parentIdentities = parent ? [...identitiesOf(parent)] : [resource.parent];
    const identities = new Set([resource.urn]);
    const urnFor = (
      parentUrn: string | null,
      spec: { name?: string; type?: string; stack?: string; project?: string },
    ) =>
      engineUrn(
        spec.stack || result.stack,
        spec.project || result.project,
        parentUrn,
        spec.type || resource.type,
        spec.name || resource.name,
      );
    const specsUnderCurrentParent: { name?: string; type?: string }[] = [{}];
    for (const alias of resource.aliases) {
      if ("urn" in alias) identities.add(alias.urn);
      else if (alias.noParent) identities.add(urnFor(null, alias));
      else if (alias.parentUrn) identities.add(urnFor(alias.parentUrn, alias));
      else specsUnderCurrentParent.push(alias);
    }
    for (const parentUrn of parentIdentities) {
      for (const spec of specsUnderCurrentParent) identities.add(urnFor(parentUrn, spec));
    }
    memo.set(resource.urn, identities);
    return identities;
  };

  const all = new Set<string>();
  for (const resource of result.resources) {
    for (const identity of identitiesOf(resource)) all.add(identity);
  }
  return all;
}
