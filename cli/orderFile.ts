// Signed orders as files: what `offer create` and `listing sign` write (--out, or stdout) and what the
// fill, cancel and status commands read. One JSON object: the order as ShareMarket hashes it, under the key
// of its kind (`listing` or `offer`), amounts as decimal strings in base units; its signature; its EIP-712
// struct hash; and the chain and market it was signed for. Offer files written before the hash and the
// network were added still read. Decoding checks the shape only: the market contract judges validity.
import { readFile } from "node:fs/promises";

import { type Address, type Hex, getAddress, isAddress } from "viem";

import type { SignedListingOrder } from "../sdk/actions/signListing.js";
import type { OfferOrder } from "../sdk/actions/signOffer.js";
import { parseSignature, required } from "./args.js";
import { UsageError } from "./errors.js";
import { toJson } from "./format.js";

export type OrderKind = "listing" | "offer";

type Envelope = { signature: Hex; orderHash?: Hex; chainId?: number; market?: Address };
export type OrderFile =
  (Envelope & { kind: "listing"; order: SignedListingOrder }) | (Envelope & { kind: "offer"; order: OfferOrder });

const FIELDS = {
  listing: {
    addresses: ["seller", "paymentToken"],
    numbers: ["positionId", "shares", "version", "pricePerShare", "minFill", "expiry", "counter", "salt"],
  },
  offer: {
    addresses: ["buyer", "paymentToken"],
    numbers: ["rigId", "maxShares", "pricePerShare", "expiry", "counter", "salt"],
  },
} as const;

/** The command that writes each kind of file, for error messages. */
const WRITER: Record<OrderKind | "order", string> = {
  listing: "rigshare listing sign --out <file>",
  offer: "rigshare offer create --out <file>",
  order: "rigshare listing sign or offer create --out <file>",
};

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** The file's JSON object (bigints left as bigints: `toJson` writes them as strings). */
export function orderFileJson(file: OrderFile): Record<string, unknown> {
  return {
    [file.kind]: file.order,
    signature: file.signature,
    ...(file.orderHash === undefined ? {} : { orderHash: file.orderHash }),
    ...(file.chainId === undefined ? {} : { chainId: file.chainId }),
    ...(file.market === undefined ? {} : { market: file.market }),
  };
}

/** The file's text: indented JSON, amounts as decimal strings, a final newline. */
export function encodeOrderFile(file: OrderFile): string {
  return `${toJson(orderFileJson(file))}\n`;
}

/**
 * Parses an order file's text; `expected` restricts the kind. Every problem is a one-line UsageError naming
 * the file and, for a malformed field, the field.
 */
export function decodeOrderFile(text: string, name: string, expected?: OrderKind): OrderFile {
  const what = expected ?? "order";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} file ${name} is not JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const body = (typeof json === "object" && json !== null && !Array.isArray(json) ? json : {}) as Record<
    string,
    unknown
  >;
  const kind: OrderKind | undefined = isObject(body.listing) ? "listing" : isObject(body.offer) ? "offer" : undefined;
  if (kind === undefined || (expected !== undefined && kind !== expected))
    throw new UsageError(`${name} is not ${article(what)} file (${WRITER[what]})`);
  const source = body[kind] as Record<string, unknown>;
  const bad = (field: string, must: string) => new UsageError(`${kind} file ${name}: "${field}" must be ${must}`);

  const order: Record<string, Address | bigint> = {};
  for (const field of FIELDS[kind].addresses) {
    const value = source[field];
    if (typeof value !== "string" || !isAddress(value, { strict: false })) throw bad(field, "an address");
    order[field] = getAddress(value);
  }
  for (const field of FIELDS[kind].numbers) {
    const value = wholeNumber(source[field]);
    if (value === undefined) throw bad(field, "a whole number in base units");
    order[field] = value;
  }
  if (typeof body.signature !== "string") throw bad("signature", "65 bytes of 0x-hex");
  const signature = parseSignature(body.signature);
  const envelope: Envelope = { signature };
  if (body.orderHash !== undefined) {
    if (typeof body.orderHash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(body.orderHash))
      throw bad("orderHash", "32 bytes of 0x-hex");
    envelope.orderHash = body.orderHash.toLowerCase() as Hex;
  }
  if (body.chainId !== undefined) {
    const chainId = wholeNumber(body.chainId);
    if (chainId === undefined || chainId > BigInt(Number.MAX_SAFE_INTEGER)) throw bad("chainId", "a chain id");
    envelope.chainId = Number(chainId);
  }
  if (body.market !== undefined) {
    if (typeof body.market !== "string" || !isAddress(body.market, { strict: false }))
      throw bad("market", "an address");
    envelope.market = getAddress(body.market);
  }
  return kind === "listing"
    ? { kind, order: order as SignedListingOrder, ...envelope }
    : { kind, order: order as OfferOrder, ...envelope };
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

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-negative integer written as a decimal string (or a JSON number that is a safe integer). */
function wholeNumber(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  return undefined;
}
