import { isPrivateOrLocalAddress, parseIpv4 } from "../toolbox/network/ipv4";

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "host.docker.internal"];

/**
 * Mirrors the check Archon runs on SUPABASE_URL at startup (`validate_supabase_url` in its
 * config module): https anywhere; plain http only for a local host name or a private, loopback
 * or link-local IP literal. Returns why a URL would make archon-server exit, or undefined.
 */
export function archonSupabaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol === "https:") {
    return undefined;
  }
  if (parsed.protocol !== "http:") {
    return "Archon accepts only http or https";
  }
  const host = parsed.hostname;
  if (LOCAL_HOSTS.includes(host) || host.endsWith(".localhost")) {
    return undefined;
  }
  const address = parseIpv4(host);
  if (address !== undefined && isPrivateOrLocalAddress(address)) {
    return undefined;
  }
  return `Archon refuses plain http to "${host}": use https, a local host name or a private IP literal`;
}
