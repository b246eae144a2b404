// Runs the relay standalone: `tsx relay/main.ts` (the imports name .js files, as the rest of the repo's TS).
// Environment:
//   RIGSHARE_ADDRESS_BOOK  path of the deployment's address book (deployments/<chainId>.json)   required
//   RIGSHARE_RPC_URL       JSON-RPC endpoint of that chain                                      required
//   DATABASE_URL           Postgres connection string (orders in schema rigshare_relay); else PGlite
//   RIGSHARE_RELAY_DIR     PGlite data directory (default .relay/ in the working directory)
//   PORT                   port on 127.0.0.1 (default 42070)
import { readFile } from "node:fs/promises";
import path from "node:path";

import { parseAddressBook } from "../sdk/addressBook.js";
import { openStore, rpcViewOf, startRelayServer } from "./server.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`relay: set ${name}`);
    process.exit(2);
  }
  return value;
}

const book = parseAddressBook(JSON.parse(await readFile(required("RIGSHARE_ADDRESS_BOOK"), "utf8")));
const rpcUrl = required("RIGSHARE_RPC_URL");
const databaseUrl = process.env.DATABASE_URL;
const store = await openStore(
  book,
  databaseUrl ? { databaseUrl } : { dataDir: path.resolve(process.env.RIGSHARE_RELAY_DIR ?? ".relay") },
);
const server = await startRelayServer({
  book,
  chainView: rpcViewOf(book, rpcUrl),
  store,
  port: Number(process.env.PORT ?? 42070),
});
console.log(`relay: chain ${book.chainId}, orders at ${server.url}/orders (${databaseUrl ? "Postgres" : "PGlite"})`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
