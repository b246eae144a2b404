// The relay's table of bad orders (test/relay/badOrders.ts, 32 cases) run against the relay the indexer
// serves at /orders, for the indexer benchmark. The relay test's Stack is assembled from the benchmark's
// node and deployment (the same demo-seeded accounts: alice = holder #4, bob = #5, carol = #2). The capped
// case goes to a relay of its own with a per-maker cap of 1 that already holds one of alice's orders, as in
// test/relay/rejections.test.ts. The served relay's store is in the indexer's process: "stored" is read
// from outside, as the count of GET /orders?status=all, before and after every case.
import path from "node:path";

import type { Address } from "viem";

import { openStore, rpcViewOf, startRelayServer, type RelayServer } from "../../../relay/server.js";
import { type AddressBook, type RigshareContracts, contractsOf, encodeSignedOrder } from "../../../sdk/index.js";
import { type BadOrderResult, badOrderCases, runBadOrders } from "../../../test/relay/badOrders.js";
import { type Stack, freshPosition, post, signedListing } from "../../../test/relay/stack.js";
import { HARDHAT_KEYS } from "../stack/accounts.js";
import { testPublicClient, testWalletClient } from "../stack/clients.js";
import type { LocalNode } from "../stack/node.js";

export type BadInputsSummary = {
  tried: number;
  rejected: number;
  /** GET /orders?status=all counts of the served relay before and after the whole table. */
  bookBefore: number;
  bookAfter: number;
  /** Cases not refused as their rule expects (empty when rejected = tried). */
  unexpected: BadOrderResult[];
};

/** Every order the relay at `relayUrl` holds, whatever its status (pages of 200). */
export async function countOrders(relayUrl: string): Promise<number> {
  let total = 0;
  for (let offset = 0; ; offset += 200) {
    const response = await fetch(`${relayUrl}/orders?status=all&limit=200&offset=${offset}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`GET /orders?status=all: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { orders: unknown[]; truncated?: boolean };
    if (page.truncated) throw new Error("GET /orders?status=all was truncated: cannot count the book");
    total += page.orders.length;
    if (page.orders.length < 200) return total;
  }
}

export async function runBadInputs({
  node,
  book,
  tmp,
  relayUrl,
}: {
  node: LocalNode;
  book: AddressBook;
  /** A directory for the capped relay's PGlite. */
  tmp: string;
  /** The indexer's base URL (its relay is at /orders). */
  relayUrl: string;
}): Promise<BadInputsSummary> {
  const wallet = (key: (typeof HARDHAT_KEYS.holders)[number]) => testWalletClient(node.url, node.chainId, key);
  const stack: Stack = {
    node,
    book,
    contracts: contractsOf(book) as RigshareContracts & { market: Address },
    client: testPublicClient(node.url, node.chainId),
    usdc: book.tokens!.USDC.address,
    alice: wallet(HARDHAT_KEYS.holders[2]),
    bob: wallet(HARDHAT_KEYS.holders[3]),
    carol: wallet(HARDHAT_KEYS.holders[0]),
    tmp,
    chainView: rpcViewOf(book, node.url),
    stop: async () => undefined,
  };
  const capped = await startRelayServer({
    book,
    chainView: stack.chainView,
    store: await openStore(book, { dataDir: path.join(tmp, "relay-capped") }),
    limits: { maxOpenOrdersPerMaker: 1 },
  });
  try {
    const first = await post(
      capped,
      encodeSignedOrder(await signedListing(stack, stack.alice, await freshPosition(stack, stack.alice, 20n))),
    );
    if (first.status !== 201) throw new Error(`the capped relay refused alice's first order: ${JSON.stringify(first)}`);
    // runBadOrders reads only `url` and `store.count()` of a relay: the served one's count comes over HTTP.
    const served = { url: relayUrl, store: { count: () => countOrders(relayUrl) } } as unknown as RelayServer;
    const cases = await badOrderCases(stack);
    const bookBefore = await countOrders(relayUrl);
    const { tried, rejected, results } = await runBadOrders(cases, { main: served, capped });
    const bookAfter = await countOrders(relayUrl);
    const unexpected = results.filter((r, i) => {
      const c = cases[i]!;
      return r.status !== c.status || r.code !== c.code || r.field !== c.field || r.stored;
    });
    return { tried, rejected, bookBefore, bookAfter, unexpected };
  } finally {
    await capped.close();
  }
}
