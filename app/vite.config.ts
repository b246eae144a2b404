// Vite config of the web app (app/). The app is static; what it talks to is decided when it is served or
// built, not when it is written: the plugin below publishes `rigshare.config.json` (the chains the app
// offers, their RPC URLs and address books read from deployments/) at the dev server, the preview server
// and into the production build.
//
//   RIGSHARE_DEPLOYMENTS_DIR   address books to publish (default: the repository's deployments/)
//   RIGSHARE_CHAIN_ID          chain the app asks the wallet for (default: 31337, the local node)
//   RIGSHARE_RPC_URL_<chainId> read-only RPC of a chain (default: http://127.0.0.1:8545 for 31337;
//                              testnets fall back to the wallet's own provider)
//   RIGSHARE_INDEXER_URL_<chainId>  the chain's indexer (portfolio, market and history reads; default none:
//                              the app scans logs through the RPC)
//   RIGSHARE_RELAY_URL_<chainId>    the order relay (default: the indexer's URL, which serves /orders)
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import react from "@vitejs/plugin-react";
import { type Plugin, defineConfig } from "vite";

import { parseAddressBook } from "../sdk/addressBook.js";
import { deploymentsDir } from "../sdk/loadAddressBook.js";
import { type AppConfig, CONFIG_FILE, DEFAULT_RPC_URLS } from "./src/config.js";

/** The runtime configuration, read again on every request so a re-deployment needs no restart. */
function appConfig(): AppConfig {
  const dir = deploymentsDir();
  const books = readdirSync(dir)
    .filter((file) => /^\d+\.json$/.test(file))
    .map((file) => parseAddressBook(JSON.parse(readFileSync(path.join(dir, file), "utf8"))));
  const defaultChainId = Number(process.env.RIGSHARE_CHAIN_ID ?? books[0]?.chainId ?? 31337);
  return {
    defaultChainId,
    chains: books.map((book) => {
      const indexerUrl = process.env[`RIGSHARE_INDEXER_URL_${book.chainId}`] || undefined;
      return {
        chainId: book.chainId,
        rpcUrl: process.env[`RIGSHARE_RPC_URL_${book.chainId}`] ?? DEFAULT_RPC_URLS[book.chainId],
        indexerUrl,
        relayUrl: process.env[`RIGSHARE_RELAY_URL_${book.chainId}`] || indexerUrl,
        addressBook: book,
      };
    }),
  };
}

function rigshareConfig(): Plugin {
  const serve: Plugin["configureServer"] = (server) => {
    server.middlewares.use(`/${CONFIG_FILE}`, (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.setHeader("cache-control", "no-store");
      res.end(JSON.stringify(appConfig()));
    });
  };
  return {
    name: "rigshare-config",
    configureServer: serve,
    configurePreviewServer: serve as Plugin["configurePreviewServer"],
    generateBundle() {
      this.emitFile({ type: "asset", fileName: CONFIG_FILE, source: JSON.stringify(appConfig(), null, 2) });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react(), rigshareConfig()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", manifest: true, chunkSizeWarningLimit: 1200 },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173, strictPort: false },
});
