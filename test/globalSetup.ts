import { missingToolsMessage } from "./support/systemTools";

/** Stops the run with one line before any test starts when a tool the tests run is missing. */
export default function checkSystemTools(): void {
  const message = missingToolsMessage();
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
