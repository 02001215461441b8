import { parseFileBundle } from "../../components/toolbox/hosts/fileBundle";
import { reveal } from "./propertyValues";
import { RecordedResource } from "./synthesize";

/** A text file the program renders and delivers somewhere (a container, a host, a ConfigMap). */
export interface RenderedFile {
  /** Relative path under `files/`. */
  readonly path: string;
  readonly content: string;
}

interface ContainerUpload {
  readonly file?: string;
  readonly content?: string;
}

function containerUploads(resource: RecordedResource): RenderedFile[] {
  const inputs = reveal(resource.inputs) as { name?: string; uploads?: ContainerUpload[] };
  return (inputs.uploads ?? [])
    .filter((upload) => upload.file && typeof upload.content === "string")
    .map((upload) => ({
      path: `${inputs.name ?? resource.name}${upload.file}`,
      content: upload.content as string,
    }));
}

function commandScripts(resource: RecordedResource): RenderedFile[] {
  const inputs = reveal(resource.inputs) as {
    create?: string;
    update?: string;
    delete?: string;
    stdin?: string;
  };
  const scripts = (["create", "update", "delete"] as const)
    .filter((phase) => typeof inputs[phase] === "string")
    .map((phase) => ({
      path: `commands/${resource.name}.${phase}.sh`,
      content: inputs[phase] as string,
    }));
  // Files a command delivers as a bundle on standard input (components/toolbox/hosts/fileBundle.ts).
  const delivered = (typeof inputs.stdin === "string" && parseFileBundle(inputs.stdin)) || [];
  return [
    ...scripts,
    ...delivered.map((file) => ({
      path: `commands/${resource.name}${file.path}`,
      content: file.content,
    })),
  ];
}

const EXTRACTORS: Record<string, (resource: RecordedResource) => RenderedFile[]> = {
  "docker:index/container:Container": containerUploads,
  "command:local:Command": commandScripts,
  "command:remote:Command": commandScripts,
};

/** Every rendered file in the synthesized stack, with plaintext content. */
export function renderedFiles(resources: readonly RecordedResource[]): RenderedFile[] {
  return resources.flatMap((resource) => EXTRACTORS[resource.type]?.(resource) ?? []);
}
