// Reads deployments/<chainId>.json (Node only). The directory defaults to the repository's deployments/
// and can be moved with RIGSHARE_DEPLOYMENTS_DIR (the end-to-end test deploys into a temporary one).
import { readFile } from "node:fs/promises";
import path from "node:path";

import { type AddressBook, parseAddressBook } from "./addressBook.js";

export const DEFAULT_DEPLOYMENTS_DIR = path.resolve(import.meta.dirname, "..", "deployments");

export function deploymentsDir(): string {
  return process.env.RIGSHARE_DEPLOYMENTS_DIR ?? DEFAULT_DEPLOYMENTS_DIR;
}

export function addressBookPath(chainId: number, dir = deploymentsDir()): string {
  return path.join(dir, `${chainId}.json`);
}

/** The address book of `chainId`, or undefined when there is none. Throws on a malformed book. */
export async function loadAddressBook(chainId: number, dir = deploymentsDir()): Promise<AddressBook | undefined> {
  let text: string;
  try {
    text = await readFile(addressBookPath(chainId, dir), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return parseAddressBook(JSON.parse(text));
}
