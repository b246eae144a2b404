// describeError for the app shell (the activity panel, the network banner): the same one line, but the
// decoder and the protocol's error ABIs it needs (sdk/errors.ts, sdk/abis.ts) load only when an error is
// there to describe, so they stay out of the first page load (see App.tsx and scripts/app-size.ts).
import type { DescribedError } from "./describeError.js";

export async function describeErrorLater(error: unknown): Promise<DescribedError> {
  try {
    const { describeError } = await import("./describeError.js");
    return describeError(error);
  } catch {
    // The decoder's chunk could not be loaded (offline, a new deployment): say what is known.
    return { kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
