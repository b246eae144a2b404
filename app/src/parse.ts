// Form inputs: every field is parsed with the SDK's exact parsers; the first one that fails is the message
// shown under the form, before anything is sent.
import { parseInteger } from "../../sdk/decimal.js";

const DAY = 86_400n;

export type Parsed<T> = { value?: T; problem?: string };

export function parseInputs<T>(build: () => T): Parsed<T> {
  try {
    return { value: build() };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/** The last second an order stays open: chain time `now` plus a whole number of days typed by the user. */
export function expiryFromDays(text: string, now: bigint): bigint {
  return now + parseInteger(text, "days open") * DAY;
}
