// The relay served on its own: the sub-app of relay/app.ts mounted at /orders (as the indexer will mount
// it), on 127.0.0.1 with @hono/node-server. `openRelay` wires the parts from an address book, an RPC URL
// and a store choice, the way relay/main.ts and the tests start it.
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createPublicClient, defineChain, getAddress, http } from "viem";

import type { AddressBook } from "../sdk/addressBook.js";
import { createRelayApp } from "./app.js";
import type { ChainView } from "./chainView.js";
import { rpcChainView } from "./rpcChainView.js";
import { openPgliteStore, openPostgresStore } from "./store/sqlStore.js";
import type { OrderStore } from "./store/store.js";
import type { RelayLimits } from "./types.js";

export type RelayServer = {
  /** http://127.0.0.1:<port> (the API is under /orders). */
  url: string;
  port: number;
  store: OrderStore;
  /** Stops accepting connections and closes the store. Idempotent. */
  close(): Promise<void>;
};

export type StoreChoice = { databaseUrl: string; schema?: string } | { dataDir: string };

/** The order store a relay for `book` uses: Postgres when a database URL is given, else PGlite in `dataDir`. */
export function openStore(book: AddressBook, choice: StoreChoice): Promise<OrderStore> {
  const market = book.contracts.ShareMarket?.address;
  if (!market) throw new Error("the address book has no ShareMarket");
  const scope = { chainId: book.chainId, market: getAddress(market) };
  return "databaseUrl" in choice
    ? openPostgresStore(choice.databaseUrl, { scope, schema: choice.schema })
    : openPgliteStore(choice.dataDir, { scope });
}

/** The RPC-backed ChainView of `book`'s deployment. */
export function rpcViewOf(book: AddressBook, rpcUrl: string): ChainView {
  const market = book.contracts.ShareMarket?.address;
  if (!market) throw new Error("the address book has no ShareMarket");
  const chain = defineChain({
    id: book.chainId,
    name: book.network || `chain ${book.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return rpcChainView({
    client: createPublicClient({ chain, transport: http(rpcUrl) }),
    contracts: {
      rigShares: book.contracts.RigShares.address,
      distributor: book.contracts.RewardDistributor.address,
      market,
    },
  });
}

/** Serves `createRelayApp` at /orders on 127.0.0.1:`port` (0: a free port). */
export async function startRelayServer(options: {
  book: AddressBook;
  chainView: ChainView;
  store: OrderStore;
  limits?: Partial<RelayLimits>;
  port?: number;
}): Promise<RelayServer> {
  const root = new Hono();
  root.route("/orders", createRelayApp(options));
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: root.fetch, hostname: "127.0.0.1", port: options.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store: options.store,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await options.store.shutdown();
      })()),
  };
}
