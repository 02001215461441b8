import * as prettier from "prettier";
import {
  ConfigDeclarations,
  DECLARATIONS_KEY,
  KeyDeclaration,
  STACK_KINDS,
} from "../../stacks/config/declarations";

function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
}

function code(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return "`" + text + "`";
}

function typeOf(declaration: KeyDeclaration): string {
  return declaration.items ? `array of ${declaration.items.type}` : declaration.type;
}

function defaultOf(declaration: KeyDeclaration): string {
  if (declaration.default !== undefined) {
    return code(declaration.default);
  }
  return declaration.defaultText ?? "none";
}

function table(declarations: readonly KeyDeclaration[]): string {
  const rows = declarations.map((d) =>
    [code(d.key), typeOf(d), cell(defaultOf(d)), d.secret ? "yes" : "", cell(d.description)].join(
      " | ",
    ),
  );
  return [
    "| key | type | default | secret | description |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

/** docs/configuration.md, from the declarations in Pulumi.yaml (formatted as Prettier would). */
export async function renderConfigurationDoc(declarations: ConfigDeclarations): Promise<string> {
  const sections = [
    "# Configuration reference",
    "<!-- Generated from Pulumi.yaml by `npm run docs:config`; edit the declarations there. -->",
    "Every key the program reads, per stack kind. A stack chooses its kind with `platform:kind`; " +
      "[stack kinds](stack-kinds.md) explains adding a stack such as `archon-staging`. " +
      "Set a key with `pulumi config set <key> <value>` (`--secret` for the secret ones), one " +
      "field of a list or object with `pulumi config set --path 'edge:uiBackends[0].address' " +
      "10.0.0.5:3737`; the offline `npm run synth` and `npm run plan` take the same keys as " +
      "`--config key=value`.",
    "The declarations live in `Pulumi.yaml`: `platform:` keys under `config:` (the engine checks " +
      `their type), the others under \`${DECLARATIONS_KEY}\`, because the engine refuses a type or ` +
      "a default on a key outside the project's namespace ([why](contracts/pulumi-project.md)). " +
      "A key of these namespaces that the stack's kind does not declare (a typo such as " +
      "`archon:imagetag`) is refused before anything is created, naming the closest known key. " +
      "Every problem in the config is reported at once, naming the key, the value and what is " +
      "allowed; secrets are never echoed.",
    "## Every stack",
    table([...declarations.project.values()]),
  ];
  const retired: KeyDeclaration[] = [];
  for (const kind of STACK_KINDS) {
    const { title, description, keys } = declarations.kinds[kind];
    const current = [...keys.values()].filter((d) => !d.retired);
    retired.push(...[...keys.values()].filter((d) => d.retired));
    sections.push(
      `## ${title}`,
      `Stacks with \`platform:kind: ${kind}\`: ${description}`,
      table(current),
    );
  }
  if (retired.length > 0) {
    sections.push(
      "## Retired keys",
      "Refused when set, with a pointer to what replaced them:",
      retired.map((d) => `- ${code(d.key)}: ${d.description} Instead: ${d.retired}.`).join("\n"),
    );
  }
  const config = (await prettier.resolveConfig(__filename)) ?? {};
  return prettier.format(sections.join("\n\n") + "\n", { ...config, parser: "markdown" });
}
