// Signed orders as files: what `offer create` and `listing sign` write (--out, or stdout) and what the
// fill, cancel and status commands read. The format is the SDK's (sdk/signedOrders.ts, the same text the web
// app exports and imports); here every problem becomes a one-line UsageError naming the file and the field.
// Offer files written before the hash and the network were added still read.
import { readFile } from "node:fs/promises";

import {
  InvalidSignedOrderError,
  type SignedOrder,
  type SignedOrderKind,
  decodeSignedOrder,
  encodeSignedOrder,
  signedOrderJson,
} from "../sdk/signedOrders.js";
import { required } from "./args.js";
import { UsageError } from "./errors.js";

export type OrderKind = SignedOrderKind;
export type OrderFile = SignedOrder;

/** The command that writes each kind of file, for error messages. */
const WRITER: Record<OrderKind | "order", string> = {
  listing: "rigshare listing sign --out <file>",
  offer: "rigshare offer create --out <file>",
  order: "rigshare listing sign or offer create --out <file>",
};

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** The file's JSON object (bigints left as bigints: `toJson` writes them as strings). */
export const orderFileJson = signedOrderJson;

/** The file's text: indented JSON, amounts as decimal strings, a final newline. */
export const encodeOrderFile = encodeSignedOrder;

/**
 * Parses an order file's text; `expected` restricts the kind. Every problem is a one-line UsageError naming
 * the file and, for a malformed field, the field.
 */
export function decodeOrderFile(text: string, name: string, expected?: OrderKind): OrderFile {
  const what = expected ?? "order";
  try {
    return decodeSignedOrder(text, expected);
  } catch (e) {
    if (!(e instanceof InvalidSignedOrderError)) throw e;
    const p = e.problem;
    if (p.type === "json") throw new UsageError(`${what} file ${name} is not JSON: ${p.detail}`);
    if (p.type === "kind") throw new UsageError(`${name} is not ${article(what)} file (${WRITER[what]})`);
    throw new UsageError(`${p.kind} file ${name}: "${p.field}" must be ${p.must}`);
  }
}

/** Reads and decodes an order file (see decodeOrderFile); a missing or unreadable file is a UsageError. */
export async function readOrderFile(path: string | undefined, expected?: OrderKind): Promise<OrderFile> {
  const what = expected ?? "order";
  const name = required(path, `${what} file`);
  let text: string;
  try {
    text = await readFile(name, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the ${what} file ${name}: ${(e as Error).message.split("\n")[0]}`);
  }
  return decodeOrderFile(text, name, expected);
}
