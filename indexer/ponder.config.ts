// Ponder 0.16 configuration of the Rigshare indexer, built from an address book (see book.ts):
//   RIGSHARE_ADDRESS_BOOK  deployments/<chainId>.json to index (required)
//   RIGSHARE_RPC_URL       the chain's JSON-RPC URL (or PONDER_RPC_URL_<chainId>)
//   DATABASE_URL           Postgres connection string; unset: embedded PGlite
//   RIGSHARE_INDEXER_DIR   PGlite data directory (default indexer/.ponder/pglite)
//   RIGSHARE_POLLING_MS    how often to poll the chain for new blocks (default 1000, at least 100)
// Every protocol contract in the book is indexed from its own deployment block.
import path from "node:path";

import { createConfig } from "ponder";

import { epochFunderAbi, hashrateOracleAbi, rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../sdk/abis.js";
import { type IndexedContract, book, rpcUrl } from "./book.js";

/** The single chain of the book; /status reports its indexed block under this name. */
export const CHAIN = "rigshare";

function source<const abi>(name: IndexedContract, abi: abi) {
  const deployed = book.contracts[name];
  // A contract absent from an older book still needs a config entry for the types; it is dropped below.
  return { abi, chain: CHAIN, address: deployed?.address, startBlock: deployed?.blockNumber ?? 0 } as const;
}

const contracts = {
  RigShares: source("RigShares", rigSharesAbi),
  RewardDistributor: source("RewardDistributor", rewardDistributorAbi),
  HashrateOracle: source("HashrateOracle", hashrateOracleAbi),
  EpochFunder: source("EpochFunder", epochFunderAbi),
  ShareMarket: source("ShareMarket", shareMarketAbi),
};
// Without an address Ponder would index every contract on the chain emitting these events: keep only the
// contracts the book has (the handlers skip the others, see src/lib/register.ts).
for (const name of Object.keys(contracts) as IndexedContract[]) {
  if (contracts[name].address === undefined) delete (contracts as Partial<typeof contracts>)[name];
}

const pollingInterval = Number(process.env.RIGSHARE_POLLING_MS ?? 1_000);

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : {
        kind: "pglite",
        directory: path.resolve(
          process.env.RIGSHARE_INDEXER_DIR ?? path.join(import.meta.dirname, ".ponder", "pglite"),
        ),
      },
  chains: { [CHAIN]: { id: book.chainId, rpc: rpcUrl(), pollingInterval } },
  contracts,
});
