// The app's runtime configuration: which chains it offers, how to read them, and their address books.
// Published as `rigshare.config.json` by the Vite plugin (app/vite.config.ts) when the app is served or
// built, and fetched once at start-up (fetchConfig.ts), so one build works against any deployment.
import type { AddressBook } from "../../sdk/addressBook.js";

export const CONFIG_FILE = "rigshare.config.json";

/** Read-only RPC endpoints used when a chain's URL is not configured. */
export const DEFAULT_RPC_URLS: Record<number, string | undefined> = { 31337: "http://127.0.0.1:8545" };

export type ChainConfig = {
  chainId: number;
  /** Read-only RPC; without one the app reads through the wallet (which must then be on this chain). */
  rpcUrl?: string;
  /** The chain's indexer (REST API); without one the app scans the chain's logs itself. */
  indexerUrl?: string;
  /** The order relay (shared book of signed orders); default: the indexer, which serves it at /orders. */
  relayUrl?: string;
  addressBook: AddressBook;
};

export type AppConfig = {
  /** The chain the app asks the wallet for when it is on a chain without a deployment. */
  defaultChainId: number;
  chains: ChainConfig[];
};
