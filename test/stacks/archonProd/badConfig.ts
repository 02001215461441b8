import { BadCase } from "../../support/configAlone";
/**
 * Config archon-prod must refuse, with what the message must name (the key, the value, what is
 * allowed). config.test.ts runs each through a whole synthesis (nothing is created);
 * configValidation.test.ts through loadArchonProdConfig alone, fast enough for mutation testing.
 */

export const BAD_CONFIG: Record<string, BadCase> = {
  "a port that is not a number": {
    overrides: ["supabase:kongPort=abc"],
    mentions: ["supabase:kongPort", '"abc"', "a whole number from 1 to 65535"],
  },
  "a port above 65535": {
    overrides: ["archon:uiPort=70000"],
    mentions: ["archon:uiPort", "70000", "1 to 65535"],
  },
  "two services on one host port": {
    overrides: ["archon:mcpPort=8181"],
    mentions: ["archon:mcpPort", "8181", "archon:serverPort"],
  },
  "the agents port colliding once agents are enabled": {
    overrides: ["archon:agentsEnabled=true", "archon:agentsPort=54322"],
    mentions: ["archon:agentsPort", "54322", "supabase:postgresPort"],
  },
  "a malformed subnet": {
    overrides: ["network:subnet=172.21.0.0/33"],
    mentions: ["network:subnet", "172.21.0.0/33", "CIDR"],
  },
  "a public subnet": {
    overrides: ["network:subnet=8.8.0.0/16"],
    mentions: ["network:subnet", "8.8.0.0/16", "RFC 1918"],
  },
  "a subnet too small for fixed and dynamic addresses": {
    overrides: ["network:subnet=172.21.0.0/29"],
    mentions: ["network:subnet", "172.21.0.0/29", "/27 or wider"],
  },
  "Kong's address outside the subnet": {
    overrides: ["network:kongAddress=10.0.0.10"],
    mentions: ["network:kongAddress", "10.0.0.10", "172.21.0.0/16"],
  },
  "Kong's address in the dynamic range": {
    overrides: ["network:kongAddress=172.21.200.1"],
    mentions: ["network:kongAddress", "172.21.200.1", "172.21.128.0/17"],
  },
  "Kong on the gateway address": {
    overrides: ["network:kongAddress=172.21.0.1"],
    mentions: ["network:kongAddress", "172.21.0.1", "gateway"],
  },
  "a hostname with a space": {
    overrides: ["archon:publicHost=archon example.com"],
    mentions: ["archon:publicHost", '"archon example.com"', "DNS hostname"],
  },
  "an image on latest": {
    overrides: ["supabase:studioImage=supabase/studio:latest"],
    mentions: ["supabase:studioImage", "supabase/studio:latest", "pinned"],
  },
  "an untagged image": {
    overrides: ["supabase:kongImage=kong"],
    mentions: ["supabase:kongImage", '"kong"', "pinned"],
  },
  "a boolean that is not true or false": {
    overrides: ["archon:agentsEnabled=yes"],
    mentions: ["archon:agentsEnabled", '"yes"', "true or false"],
  },
  "neither a checkout nor images": {
    overrides: ["archon:sourcePath="],
    mentions: ["archon:sourcePath", "archon:serverImage", "archon:mcpImage", "archon:uiImage"],
  },
  "both a checkout and images": {
    overrides: ["archon:serverImage=registry.example.com/archon-server:1.0.0"],
    mentions: ["archon:serverImage", "archon:sourcePath"],
  },
  "a relative checkout path": {
    overrides: ["archon:sourcePath=archon"],
    mentions: ["archon:sourcePath", '"archon"', "absolute path"],
  },
  "an image tag of latest": {
    overrides: ["archon:imageTag=latest"],
    mentions: ["archon:imageTag", '"latest"', "other than latest"],
  },
  "dev mode without a checkout": {
    overrides: [
      "archon:sourcePath=",
      "archon:devMode=true",
      "archon:serverImage=r.example.com/s:1",
      "archon:mcpImage=r.example.com/m:1",
      "archon:uiImage=r.example.com/u:1",
    ],
    mentions: ["archon:devMode", "archon:sourcePath"],
  },
  "keys that expire before they are issued": {
    overrides: ["supabase:jwtIssuedAt=2000000000", "supabase:jwtExpiresAt=1900000000"],
    mentions: ["supabase:jwtExpiresAt", "1900000000", "after supabase:jwtIssuedAt"],
  },
  "an unknown log level": {
    overrides: ["archon:logLevel=LOUD"],
    mentions: ["archon:logLevel", '"LOUD"', "DEBUG, INFO, WARNING, ERROR"],
  },
  "a short JWT secret": {
    overrides: [],
    secrets: { "supabase:jwtSecret": "too-short-secret" },
    mentions: ["supabase:jwtSecret", "16 characters", "at least 32", "openssl rand"],
  },
  "the Supabase demo JWT secret": {
    overrides: [],
    secrets: { "supabase:jwtSecret": "super-secret-jwt-token-with-at-least-32-characters-long" },
    mentions: ["supabase:jwtSecret", "demo", "openssl rand"],
  },
  "an OpenAI key Archon refuses at start": {
    overrides: [],
    secrets: { "archon:openaiApiKey": "pk-live-123456789" },
    mentions: ["archon:openaiApiKey", "sk-", "17 characters"],
  },
  "agents on a subnet the server refuses them from (10/8)": {
    overrides: ["archon:agentsEnabled=true", "network:subnet=10.20.0.0/16"],
    mentions: ["network:subnet", "10.20.0.0/16", "172.16.0.0/12", "403"],
  },
  "agents on a subnet the server refuses them from (192.168/16)": {
    overrides: ["archon:agentsEnabled=true", "network:subnet=192.168.50.0/24"],
    mentions: ["network:subnet", "192.168.50.0/24", "172.16.0.0/12"],
  },
  "a Studio user name with a colon": {
    overrides: ["supabase:dashboardUsername=ad:min"],
    mentions: ["supabase:dashboardUsername", '"ad:min"', "no colon"],
  },
  "a network name Docker refuses": {
    overrides: ["network:name=archon production"],
    mentions: ["network:name", '"archon production"', "Docker name"],
  },
  "a volume name Docker refuses": {
    overrides: ["supabase:postgresVolumeName=-data"],
    mentions: ["supabase:postgresVolumeName", '"-data"', "Docker name"],
  },
  "a Docker host with another scheme": {
    overrides: ["docker:host=http://docker.example.com:2375"],
    mentions: ["docker:host", "http://docker.example.com:2375", "unix://, tcp:// or ssh://"],
  },
  "a backup directory with shell metacharacters": {
    overrides: ["backup:hostDirectory=/var/backups/$(reboot)"],
    mentions: ["backup:hostDirectory", "/var/backups/$(reboot)", "letters, digits"],
  },
  "a backup directory climbing out": {
    overrides: ["backup:hostDirectory=/var/backups/../../etc"],
    mentions: ["backup:hostDirectory", "without .."],
  },
  "an unknown kind of Archon": {
    overrides: ["archon:kind=trusted"],
    mentions: ["archon:kind", '"trusted"', "upstream, self-authenticating"],
  },
  "a source ref that is no git ref": {
    overrides: ["archon:sourceRef=--upload-pack=evil"],
    mentions: ["archon:sourceRef", "--upload-pack=evil", "commit, tag or branch"],
  },
  "a relative migration folder": {
    overrides: ["archon:migrationPath=migration"],
    mentions: ["archon:migrationPath", '"migration"', "absolute path"],
  },
  "allowed hosts with a space": {
    overrides: ["archon:allowedHosts=archon.example.com, bad host"],
    mentions: ["archon:allowedHosts", "comma-separated"],
  },
  "the other Supabase demo JWT secret": {
    overrides: [],
    secrets: {
      "supabase:jwtSecret": "your-super-secret-jwt-token-with-at-least-32-characters-long",
    },
    mentions: ["supabase:jwtSecret", "demo"],
  },
};
