// The HTTP API Ponder serves (`ponder start` mounts this app at "/", next to its own /health, /ready,
// /status and /metrics). The routes are in routes.ts; `createApi()` builds them on a fresh app, so other
// modules (and tests) can build and extend one too.
//
// The order relay (relay/) is mounted at /orders in the same process: its orders go to PGlite beside the
// indexer's (RIGSHARE_RELAY_DIR, default <indexer dir>-relay) or, with DATABASE_URL, to the same Postgres
// in its own schema `rigshare_relay`. Order statuses are read from the chain at the latest block (one
// multicall per page), so they follow the chain without waiting for the indexer.
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createRelayApp } from "../../../relay/app.js";
import { openStore, rpcViewOf } from "../../../relay/server.js";
import { book, rpcUrl } from "../../book.js";
import { createApi } from "./routes.js";

const app = createApi();

if (book.contracts.ShareMarket !== undefined) {
  // ponder.config.ts's default PGlite directory, from this file (import.meta.dirname is unset under vite-node).
  const indexerDir = () =>
    path.resolve(process.env.RIGSHARE_INDEXER_DIR ?? fileURLToPath(new URL("../../.ponder/pglite", import.meta.url)));
  const store = await openStore(
    book,
    process.env.DATABASE_URL
      ? { databaseUrl: process.env.DATABASE_URL, schema: "rigshare_relay" }
      : { dataDir: path.resolve(process.env.RIGSHARE_RELAY_DIR ?? `${indexerDir()}-relay`) },
  );
  app.route("/orders", createRelayApp({ book, chainView: rpcViewOf(book, rpcUrl()), store }));
}

export default app;
