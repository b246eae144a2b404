// Setup shared by the indexer tests: a `hardhat node` with the protocol deployed and seeded (scripts/deploy.ts
// --seed, then seedActivity), the database backends to run on (PGlite always; a throwaway Postgres 15
// cluster when available, required under CI=true) and a teardown that removes everything.
import type { PublicClient } from "viem";

import type { AddressBook } from "../../sdk/index.js";
import { type Indexer, type StartIndexerOptions, startIndexer } from "../../scripts/lib/indexer.js";
import { type LocalNode, testPublicClient } from "../../scripts/lib/localStack.js";
import { type TestPostgres, postgresEnabled, startPostgres } from "../helpers/postgres.js";
import { startSeededChain } from "../helpers/seededChain.js";

export type Backend = { name: "PGlite" | "Postgres"; databaseUrl?: string };

export type Stack = {
  node: LocalNode;
  book: AddressBook;
  addressBookFile: string;
  reader: PublicClient;
  backends: Backend[];
  /** Starts an indexer of the stack's book on `backend` (a fresh schema unless `schema` is given). */
  indexer(backend: Backend, options?: Partial<StartIndexerOptions>): Promise<Indexer>;
  teardown(): Promise<void>;
};

let counter = 0;

export async function startStack(name: string, { seed = true }: { seed?: boolean } = {}): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const f of cleanups.reverse()) await f().catch(() => undefined);
  };
  try {
    // INDEXER_BACKENDS=PGlite narrows a local run to one backend (never set it in CI).
    const only = process.env.INDEXER_BACKENDS;
    const withPostgres = only === "PGlite" ? false : postgresEnabled("indexer");
    const [chain, pg] = await Promise.all([
      startSeededChain(`indexer-${name}`, { seed }),
      withPostgres ? startPostgres() : Promise.resolve(undefined),
    ]);
    cleanups.push(() => chain.stop());
    if (pg) cleanups.push(() => (pg as TestPostgres).stop());
    const { node, deployment } = chain;
    const backends: Backend[] = [
      { name: "PGlite" },
      ...(pg ? [{ name: "Postgres" as const, databaseUrl: pg.url }] : []),
    ];
    const indexers: Indexer[] = [];
    cleanups.push(async () => {
      for (const ix of indexers) await ix.stop();
    });
    return {
      node,
      book: deployment.book,
      addressBookFile: deployment.addressBookFile,
      reader: testPublicClient(node.url, deployment.book.chainId),
      backends,
      async indexer(backend, options = {}) {
        const ix = await startIndexer({
          addressBookFile: deployment.addressBookFile,
          rpcUrl: node.url,
          databaseUrl: backend.databaseUrl,
          schema: `${name}_${process.pid}_${++counter}`.replace(/[^a-z0-9_]/gi, "_"),
          ...options,
        });
        indexers.push(ix);
        return ix;
      },
      teardown,
    };
  } catch (e) {
    await teardown();
    throw e;
  }
}
