import * as pulumi from "@pulumi/pulumi";

/** Resolves an Output (or plain value) so that tests can assert on it outside `.apply`. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    pulumi.output(value).apply((resolved) => {
      resolve(resolved as T);
      return resolved;
    });
  });
}
