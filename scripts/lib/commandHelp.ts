// What the CLIs print for --help, in a module that imports nothing: a script answers --help
// before it loads its command, which imports the whole program (seconds of CPU).

export const PLAN_USAGE =
  "usage: npm run plan -- --stack <name> [--policy-config FILE] [--config key=value ...] [--compare] [--graph FILE] [--project DIR] [--policy-pack DIR] [--strict]";
export const PLAN_HELP = `${PLAN_USAGE}

The offline plan: synthesizes the stack from Pulumi.<name>.yaml under mocks (no cloud, no
Pulumi CLI), prints the resources as a tree, then checks them with the policy pack.

  --stack <name>          the stack to plan (archon-prod, sector7, or one in --project)
  --policy-config FILE    the pack's configuration, e.g. policy/config/sector7.json
  --config key=value      override a config value, as \`pulumi config set\` would; repeatable
  --compare               list what the --config overrides change against the committed stack
                          file: resources added, removed, and inputs changed (secrets hidden)
  --graph FILE            write a diagram of the stack: Graphviz for .dot, Mermaid for .mmd
  --project DIR           plan another Pulumi project (default: this repository)
  --policy-pack DIR       serve another policy pack (default: policy/)
  --strict                fail on any resource the pack could not analyze
  --help                  show this help

Exit status: 0 passed, 1 a mandatory violation (or, with --strict, a blind spot), 2 the plan
could not run.`;

export const SYNTH_USAGE =
  "usage: npm run synth -- --stack <name> [--out DIR] [--config key=value ...] [--show-secrets]";
export const SYNTH_HELP = `${SYNTH_USAGE}

Runs the program under Pulumi's mock runtime with Pulumi.<name>.yaml (no cloud, no Pulumi CLI)
and writes DIR/<name>/resources.json, every resource as the engine would receive it, plus the
files the program renders under DIR/<name>/files/.

  --stack <name>       the stack to synthesize: archon-prod or sector7
  --out DIR            where to write (default: out)
  --config key=value   override a config value, as \`pulumi config set\` would; repeatable
  --show-secrets       write secrets in plain text instead of "[secret]"
  --help               show this help`;
