// `npm run app`: the whole local stack for the web app in one command. Starts a fresh `hardhat node` on
// 127.0.0.1:8545, deploys the protocol with the demo seed into deployments/ (deployment chain-31337, as
// `npm run deploy -- --network localhost --seed` does), makes the chain look alive (mints, a pushed epoch
// streaming its payout, a sale and a rental listing: scripts/lib/localStack.ts seedActivity), starts the
// indexer (scripts/lib/indexer.ts: embedded PGlite in a fresh temporary directory, removed on exit) with the
// order relay mounted at /orders, serves the app with Vite's dev server reading from that indexer and
// publishing signed offers to that relay, and prints what to put in a wallet. Ctrl-C stops everything.
// `--no-indexer`: no indexer and no relay (the app scans the chain itself and keeps offers in the browser).
//
//   npm run app [-- --port 8546] [--app-port 5174] [--indexer-port 42069] [--no-indexer] [--no-seed-activity]
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { deploymentsDir } from "../sdk/loadAddressBook.js";
import { type Indexer, startIndexer } from "./lib/indexer.js";
import {
  type ActivitySummary,
  type AppServer,
  HARDHAT_ACCOUNTS,
  HARDHAT_KEYS,
  type LocalNode,
  deployProtocol,
  seedActivity,
  startAppServer,
  startNode,
} from "./lib/localStack.js";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "8545" },
    "app-port": { type: "string" },
    "indexer-port": { type: "string", default: "42069" },
    "no-indexer": { type: "boolean", default: false },
    "no-seed-activity": { type: "boolean", default: false },
  },
});

const port = Number(args.port);
const appPort = args["app-port"] === undefined ? undefined : Number(args["app-port"]);
const indexerPort = Number(args["indexer-port"]);
for (const [name, value] of [
  ["--port", port],
  ["--app-port", appPort],
  ["--indexer-port", indexerPort],
] as const)
  if (value !== undefined && (!Number.isInteger(value) || value <= 0 || value > 65_535)) {
    console.error(`app: ${name} must be a port number`);
    process.exit(2);
  }

let node: LocalNode | undefined;
let app: AppServer | undefined;
let indexer: Indexer | undefined;
/** When the shutdown began: a second Ctrl-C exits at once. */
let stoppingSince: number | undefined;

async function shutdown(code: number): Promise<void> {
  if (stoppingSince !== undefined) {
    // One Ctrl-C arrives more than once (the terminal signals the whole process group, npm and tsx relay
    // it): only a signal a second later is the user insisting.
    if (Date.now() - stoppingSince > 1_000) process.exit(code);
    return;
  }
  stoppingSince = Date.now();
  await app?.close().catch(() => {});
  await indexer?.stop().catch(() => {});
  await node?.stop().catch(() => {});
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => {
    if (stoppingSince === undefined)
      console.log(`\nstopping the app server${indexer ? ", the indexer" : ""} and the node …`);
    void shutdown(0);
  });

const usd = (units: bigint) => `${Number(units) / 1e6} USDC`;

function printActivity(a: ActivitySummary) {
  const [p1, p2, p3] = a.positions;
  const b = a.epoch.breakdown;
  console.log(
    `  activity   rig ${a.rigId}: holder #2 owns position ${p1.positionId} (${p1.shares} shares, listed for rent`,
  );
  console.log(
    `             at ${usd(a.rentalListing.pricePerDay)}/day, ${a.rentalListing.minDays}–${a.rentalListing.maxDays} days); holder #3 owns ${p2.positionId} (${p2.shares})`,
  );
  console.log(
    `             and ${p3.positionId} (${p3.shares} shares on sale at ${usd(a.saleListing.pricePerShare)}/share, min ${a.saleListing.minFill})`,
  );
  console.log(
    `             epoch ${a.epoch.epoch} pushed: gross ${b.gross} sat − electricity ${b.electricity} − fee ${b.serviceFee} = net ${b.net} sat,`,
  );
  console.log(
    `             streaming until ${new Date(Number(a.epoch.streamEnd) * 1000).toISOString()} (chain time: moved ahead past the epoch's end)`,
  );
}

async function main() {
  const dir = deploymentsDir();
  const logFile = path.join(os.tmpdir(), `rigshare-node-${port}.log`);
  console.log(`starting hardhat node on 127.0.0.1:${port} (log: ${logFile}) …`);
  node = await startNode({ port, logFile });
  const deploymentId = `chain-${node.chainId}`;
  console.log(`deploying the protocol with the demo seed (deployment ${deploymentId}) …`);
  // A node just started holds nothing: any journal of this deployment id is from an earlier chain.
  const { book, addressBookFile } = await deployProtocol({
    rpcUrl: node.url,
    outDir: dir,
    deploymentId,
    seed: true,
    reset: true,
  });
  let activity: ActivitySummary | undefined;
  if (!args["no-seed-activity"]) {
    console.log("seeding activity: mints, a pushed epoch, a sale listing and a rental listing …");
    activity = await seedActivity({ rpcUrl: node.url, book });
  }
  if (!args["no-indexer"]) {
    const indexerLog = path.join(os.tmpdir(), `rigshare-indexer-${indexerPort}.log`);
    console.log(`starting the indexer and order relay on 127.0.0.1:${indexerPort} (log: ${indexerLog}) …`);
    // A fresh PGlite directory per run (startIndexer's default, removed by stop()): the chain is fresh too.
    indexer = await startIndexer({ addressBookFile, rpcUrl: node.url, port: indexerPort, logFile: indexerLog });
  }
  app = await startAppServer({
    deploymentsDir: dir,
    rpcUrl: node.url,
    chainId: node.chainId,
    ...(indexer ? { indexerUrl: indexer.url } : {}),
    mode: "dev",
    ...(appPort === undefined ? {} : { port: appPort }),
  });

  console.log("\nRigshare is running\n");
  console.log(`  app        ${app.url}`);
  console.log(`  chain      ${node.url}  (chain id ${node.chainId})`);
  if (indexer) {
    console.log(`  indexer    ${indexer.url}  (REST API; PGlite in ${indexer.dataDir}, removed on exit)`);
    console.log(`  relay      ${indexer.url}/orders  (the shared book of signed offers and listings)`);
  } else console.log("  indexer    none (--no-indexer): the app scans the chain and keeps offers in the browser");
  const shown = path.relative(process.cwd(), addressBookFile);
  console.log(`  contracts  ${shown.startsWith("..") ? addressBookFile : shown}  (deployment ${deploymentId})`);
  for (const [symbol, token] of Object.entries(book.tokens ?? {}))
    console.log(`  ${symbol.padEnd(10)} ${token.address}  (test token, ${token.decimals} decimals)`);
  if (activity) printActivity(activity);
  else console.log(`  activity   none (--no-seed-activity): demo rig ${book.seed?.rigId} is on sale, nothing minted`);

  console.log("\nAdd the network to your wallet:");
  console.log(`  network name  Rigshare local`);
  console.log(`  RPC URL       ${node.url}`);
  console.log(`  chain ID      ${node.chainId}`);
  console.log(`  currency      ETH`);
  console.log("\nImport these accounts into it. WARNING: these are Hardhat's PUBLIC test keys — anyone can");
  console.log("sign with them. Use them on this local chain only; never send real funds to these addresses.");
  HARDHAT_KEYS.holders.forEach((key, i) => {
    const owns =
      activity && i < 2 ? (i === 0 ? "  (120 shares, 1 rental listing)" : "  (80 shares, 1 sale listing)") : "";
    console.log(`  holder #${i + 2}   ${HARDHAT_ACCOUNTS.holders[i]}  key ${key}  1,000,000 USDC${owns}`);
  });
  console.log(`  operator #1 ${HARDHAT_ACCOUNTS.operator}  key ${HARDHAT_KEYS.operator}  (the demo rig's operator)`);
  console.log(
    "\nEvery run starts a fresh chain: if your wallet kept this network's history from an earlier run, clear it\n" +
      "(MetaMask: Settings → Advanced → Clear activity tab data) or its nonces will be wrong.",
  );
  console.log("\nPress Ctrl-C to stop.");
}

main().catch(async (e: unknown) => {
  console.error(`app: ${(e as Error).message ?? e}`);
  await shutdown(1);
});
