// Small assertion helpers shared by the oracle-service tests.
import { expect } from "chai";

/** Asserts that `promise` rejects with an instance of `type` whose message matches `pattern`. */
export async function rejects(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  pattern?: RegExp,
): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, "expected a rejection").to.be.instanceOf(type);
  if (pattern) expect((error as Error).message).to.match(pattern);
  return error as Error;
}
