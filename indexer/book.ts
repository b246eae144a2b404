// The address book the indexer follows, read once from RIGSHARE_ADDRESS_BOOK (a deployments/<chainId>.json
// written by scripts/deploy.ts). Shared by ponder.config.ts (addresses, start blocks, RPC) and the handlers
// (which contracts are present, token addresses), so both always agree on one book.
import { readFileSync } from "node:fs";
import path from "node:path";

import { type AddressBook, parseAddressBook } from "../sdk/addressBook.js";

/** The protocol contracts the indexer knows how to index, as the address book names them. */
export const INDEXED_CONTRACTS = [
  "RigShares",
  "RewardDistributor",
  "HashrateOracle",
  "EpochFunder",
  "ShareMarket",
] as const;
export type IndexedContract = (typeof INDEXED_CONTRACTS)[number];

function load(): AddressBook {
  const file = process.env.RIGSHARE_ADDRESS_BOOK;
  if (!file) {
    throw new Error(
      "RIGSHARE_ADDRESS_BOOK is not set: point it at an address book (deployments/<chainId>.json) to index",
    );
  }
  return parseAddressBook(JSON.parse(readFileSync(path.resolve(file), "utf8")));
}

export const book: AddressBook = load();

/** Whether the book has `name` (HashrateOracle, EpochFunder and ShareMarket are absent in older books). */
export function hasContract(name: IndexedContract): boolean {
  return book.contracts[name] !== undefined;
}

/** The JSON-RPC URL of the book's chain: RIGSHARE_RPC_URL, else Ponder's own PONDER_RPC_URL_<chainId>. */
export function rpcUrl(): string {
  const url = process.env.RIGSHARE_RPC_URL ?? process.env[`PONDER_RPC_URL_${book.chainId}`];
  if (!url) throw new Error(`set RIGSHARE_RPC_URL (or PONDER_RPC_URL_${book.chainId}) to the chain's JSON-RPC URL`);
  return url;
}
