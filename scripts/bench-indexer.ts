// Indexer benchmark: one run on a local `hardhat node` with the embedded (PGlite) indexer and its relay.
//   1. Load: scripts/lib/stack/load.ts makes ≥ 20,000 protocol events; a fresh indexer indexes them from
//      scratch (backfill events per second, from starting the process to the indexed head).
//   2. Consistency: the indexer against the contracts' views (test/indexer/compare.ts), 0 mismatches.
//   3. Portfolio: the SDK's getPositions through the indexer for an account of 1,000 positions (what the
//      app's portfolio calls), p50/p95 after a warm-up; the indexer's REST part alone for reference.
//   4. Relay: the 32 bad orders of test/relay/badOrders.ts (all refused, nothing stored), then a book of
//      1,000 orders signed and submitted with the SDK, and GET /orders (default page) p50/p95.
//   5. RPC calls of the same portfolio answer over a ~1,000,000-block history, with and without the indexer,
//      counted by a proxy in front of the node; the two answers must be equal.
// Writes bench/indexer.json and bench/indexer.md and prints the table. Exits 1 when a correctness check fails
// (mismatches, refusals, equal answers) or the run breaks; a missed performance target is only reported.
// Everything listens on 127.0.0.1 and every process is stopped at the end. Run: npm run bench:indexer
//
// Smaller runs while developing (the committed results use the defaults):
//   BENCH_INDEXER_MINTS (5000), BENCH_INDEXER_ROUNDS (3), BENCH_INDEXER_BLOCKS (1000000)
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { type Address, type Hex, numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { contractsOf, createIndexerClient, getIndexedPositionIds, getPositions } from "../sdk/index.js";
import { compareWithChain } from "../test/indexer/compare.js";
import { type Indexer, indexerMetric, logLines, startIndexer } from "./lib/indexer.js";
import {
  HARDHAT_ACCOUNTS,
  ROOT,
  deployProtocol,
  installExitHooks,
  rpc,
  seedActivity,
  startNode,
  testPublicClient,
} from "./lib/localStack.js";
import { generateLoad } from "./lib/stack/load.js";
import { runBadInputs } from "./lib/bench/badInputs.js";
import { buildOrderBook, hardhatKey } from "./lib/bench/orderBook.js";
import { comparePortfolioPaths, givePositions } from "./lib/bench/portfolio.js";
import { type Row, markdownTable, num, writeReport } from "./lib/bench/report.js";
import { startRpcCounter } from "./lib/bench/rpcCounter.js";
import { measure } from "./lib/bench/timing.js";

const CONFIG = {
  mints: Number(process.env.BENCH_INDEXER_MINTS ?? 5_000),
  portfolio: 1_000,
  rounds: Number(process.env.BENCH_INDEXER_ROUNDS ?? 3),
  /** Empty blocks after the load so that all of it is final: Ponder backfills it instead of following it. */
  finalityBlocks: 40,
  /** Blocks hardhat_mine adds before the RPC-count comparison. */
  historyBlocks: Number(process.env.BENCH_INDEXER_BLOCKS ?? 1_000_000),
  samples: 200,
  warmup: 20,
  /** For the SDK's getPositions of 1,000 positions. */
  sdkSamples: 100,
  sdkWarmup: 10,
  /** Positions per rig compared with the chain's views (every rig and account in full). */
  comparePositionsPerRig: 300,
  /** 25 listings + 25 makers × 39 offers = 1,000 orders. */
  listings: 25,
  offersPerMaker: 39,
  /** Positions of the second account, read both ways when the SDK cannot read the 1,000-position one. */
  smallPortfolio: 40,
} as const;
const TARGETS = { backfillEventsPerSecond: 1_000, portfolioP95Ms: 50, orderBookP95Ms: 50, rpcScanFactor: 10 };

/** Mnemonic accounts: #6 holds the portfolio (and lists part of it); #7–#9, #13–#18, #20–#35 make the offers. */
const HOLDER_KEY: Hex = hardhatKey(6);
const OFFER_MAKER_KEYS: Hex[] = [7, 8, 9, 13, 14, 15, 16, 17, 18, ...Array.from({ length: 16 }, (_, i) => 20 + i)].map(
  hardhatKey,
);

installExitHooks();
const runStarted = performance.now();
const seconds = (since: number) => (performance.now() - since) / 1000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!;
const log = (msg: string) => console.log(`[${seconds(runStarted).toFixed(0).padStart(4)} s] ${msg}`);
const cleanups: (() => Promise<unknown>)[] = [];
const failures: string[] = [];
let indexer: Indexer | undefined;

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-bench-indexer-"));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));
  const node = await startNode();
  cleanups.push(() => node.stop());
  log(`hardhat node at ${node.url}`);
  const deployment = await deployProtocol({
    rpcUrl: node.url,
    outDir: path.join(tmp, "deployments"),
    deploymentId: `bench-indexer-${process.pid}`,
    compile: false,
    reset: true,
  });
  cleanups.push(() => deployment.cleanup());
  const { book } = deployment;
  const contracts = contractsOf(book);
  const reader = testPublicClient(node.url, node.chainId);
  await seedActivity({ rpcUrl: node.url, book });
  const holder: Address = privateKeyToAccount(HOLDER_KEY).address;

  // 1. The load, made final, then a fresh indexer from scratch.
  let t = performance.now();
  const load = await generateLoad({
    rpcUrl: node.url,
    book,
    mints: CONFIG.mints,
    portfolio: CONFIG.portfolio,
    portfolioOwner: holder,
    rounds: CONFIG.rounds,
  });
  for (let i = 0; i < CONFIG.finalityBlocks; i++) await rpc(node.url, "evm_mine");
  const loadHead = await reader.getBlockNumber({ cacheTime: 0 });
  const addresses = Object.values(book.contracts).map((c) => c.address);
  // Counted in ranges: one answer for all of them exceeds viem's 10 MB response limit.
  let chainEvents = 0;
  for (let from = BigInt(book.deploymentBlock); from <= loadHead; from += 25n) {
    const to = from + 24n < loadHead ? from + 24n : loadHead;
    chainEvents += (await reader.getLogs({ address: addresses, fromBlock: from, toBlock: to })).length;
  }
  const loadSeconds = seconds(t);
  log(`load: ${num(chainEvents)} protocol events in ${load.transactions} transactions, ${loadSeconds.toFixed(0)} s`);

  // The indexer reaches the node through a counting proxy: its own requests, for the backfill's figures.
  const ponderRpc = await startRpcCounter(node.url);
  cleanups.push(() => ponderRpc.close());
  const dataDir = path.join(tmp, "pglite");
  const schema = "bench";
  t = performance.now();
  const spawnedAt = Date.now();
  indexer = await startIndexer({ book, rpcUrl: ponderRpc.url, dataDir, schema, timeoutMs: 600_000 });
  const backfillSeconds = seconds(t);
  const backfillRpc = ponderRpc.counts();
  const indexedEvents = await indexerMetric(indexer.url, "ponder_indexing_completed_events");
  const logTime = (msg: string) => Number(logLines(indexer!.output(), msg)[0]?.time ?? NaN);
  // Where the time went, from Ponder's own log (its timestamps are this machine's clock).
  const phases = {
    startupSeconds: round1((logTime("Started backfill indexing") - spawnedAt) / 1000),
    backfillSeconds: round1(
      (logTime("Completed backfill indexing across all chains") - logTime("Started backfill indexing")) / 1000,
    ),
    toHeadSeconds: round1(
      (spawnedAt + backfillSeconds * 1000 - logTime("Completed backfill indexing across all chains")) / 1000,
    ),
  };
  const backfillEventsPerSecond = chainEvents / backfillSeconds;
  if (indexedEvents !== chainEvents)
    failures.push(`the indexer indexed ${indexedEvents} events, the chain has ${chainEvents} protocol logs`);
  log(`backfill: ${num(chainEvents)} events in ${backfillSeconds.toFixed(1)} s, ${backfillRpc.calls} RPC calls`);

  // 2. Consistency with the contracts' views (retried once after 1 s, as the consistency test does).
  t = performance.now();
  const compare = () =>
    compareWithChain({
      indexerUrl: indexer!.url,
      reader,
      book,
      accounts: [...HARDHAT_ACCOUNTS.holders, holder],
      maxPositionsPerRig: CONFIG.comparePositionsPerRig,
    });
  let consistency = await compare();
  if (consistency.mismatches.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    consistency = await compare();
  }
  if (consistency.mismatches.length > 0)
    failures.push(`consistency: ${consistency.mismatches.length} mismatches, e.g. ${consistency.mismatches[0]}`);
  log(
    `consistency: ${consistency.fields} fields, ${consistency.mismatches.length} mismatches, ${seconds(t).toFixed(0)} s`,
  );

  // 3. The portfolio as the app reads it: getPositions with the indexer (a first load, no cursor), and the
  // indexer's part of it alone (the REST call getPositions makes). Should the SDK call fail, the REST figure
  // stands in for it and the failure is reported.
  const ix = createIndexerClient(indexer.url);
  const wanted = load.portfolioIds.map(String).join();
  const restIds = await getIndexedPositionIds(ix, holder);
  if (restIds.map(String).join() !== wanted)
    failures.push(`GET /positions?owner=: ${restIds.length} positions, not the load's ${load.portfolioIds.length}`);
  const portfolioRest = await measure(() => getIndexedPositionIds(ix, holder), CONFIG);
  const sdkRead = () => getPositions(reader, { contracts, account: holder, indexer: ix });
  let sdkError: string | undefined;
  let sdkPositions = 0;
  try {
    const first = await sdkRead();
    sdkPositions = first.positions.length;
    if (first.positions.map((p) => String(p.positionId)).join() !== wanted)
      failures.push(`getPositions through the indexer: ${sdkPositions} positions, not the load's portfolio`);
  } catch (e) {
    sdkError = firstLine(e);
  }
  // Whether the same read without the indexer (a full log scan) answers, to tell the indexer path apart.
  const sdkScan =
    sdkError === undefined
      ? undefined
      : await getPositions(reader, { contracts, account: holder }).then(
          (r) => `${r.positions.length} positions`,
          (e: unknown) => `fails too: ${firstLine(e)}`,
        );
  // About a second a call (some 80 eth_calls for 1,000 positions): fewer samples than the fast reads.
  const portfolioSdk =
    sdkError === undefined
      ? await measure(sdkRead, { samples: CONFIG.sdkSamples, warmup: CONFIG.sdkWarmup })
      : undefined;
  const portfolio = portfolioSdk ?? portfolioRest;
  const portfolioPath = portfolioSdk
    ? "the SDK's getPositions with the indexer"
    : "GET /positions?owner= through the SDK's indexer client (getPositions itself failed)";
  log(
    `portfolio (${restIds.length} positions): REST p95 ${portfolioRest.p95Ms} ms; ` +
      (portfolioSdk
        ? `SDK p50 ${portfolioSdk.p50Ms} ms, p95 ${portfolioSdk.p95Ms} ms`
        : `SDK FAILED: ${sdkError}; without the indexer: ${sdkScan}`),
  );

  // 4. The relay: the bad orders first (the book is empty, every case's store check is one small page), then
  // the 1,000-order book and its default page.
  t = performance.now();
  const bad = await runBadInputs({ node, book, tmp, relayUrl: indexer.url });
  const badOk = bad.rejected === bad.tried && bad.unexpected.length === 0 && bad.bookAfter === bad.bookBefore;
  if (!badOk)
    failures.push(
      `relay: ${bad.rejected} of ${bad.tried} bad orders refused as expected, book ${bad.bookBefore} → ${bad.bookAfter}` +
        bad.unexpected.map((r) => `\n  ${r.name}: ${r.status} ${r.code}${r.stored ? " (stored)" : ""}`).join(""),
    );
  log(
    `bad orders: ${bad.rejected}/${bad.tried} refused, book ${bad.bookBefore} → ${bad.bookAfter}, ${seconds(t).toFixed(0)} s`,
  );
  const orderBook = await buildOrderBook({
    rpcUrl: node.url,
    book,
    relayUrl: indexer.url,
    listingMakerKey: HOLDER_KEY,
    listingPositions: load.portfolioIds.slice(0, CONFIG.listings),
    offerMakerKeys: OFFER_MAKER_KEYS,
    offersPerMaker: CONFIG.offersPerMaker,
    offerRigId: load.rigId,
  });
  const bookSize = orderBook.listings + orderBook.offers;
  const ordersUrl = `${indexer.url}/orders`;
  const getPage = async () => {
    const response = await fetch(ordersUrl, { signal: AbortSignal.timeout(30_000) });
    const body = (await response.json()) as { orders?: unknown[]; error?: { code: string; message: string } };
    if (!response.ok) throw new Error(`GET /orders: ${response.status} ${body.error?.code}: ${body.error?.message}`);
    return body.orders!;
  };
  // A page the relay cannot serve is reported, not measured.
  let orderBookError: string | undefined;
  const pageSize = await getPage().then(
    (orders) => orders.length,
    (e: unknown) => {
      orderBookError = firstLine(e);
      return 0;
    },
  );
  const orders = orderBookError === undefined ? await measure(getPage, CONFIG) : undefined;
  // One maker's page (GET /orders?maker=, its offers only): the relay's latency on a page whose chain reads fit.
  const makerUrl = `${ordersUrl}?maker=${privateKeyToAccount(OFFER_MAKER_KEYS[0]!).address}`;
  const makerPage = await measure(async () => {
    const response = await fetch(makerUrl, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET /orders?maker=: ${response.status} ${await response.text()}`);
    return response.json();
  }, CONFIG);
  log(
    `order book: ${bookSize} orders (${orderBook.open} open) in ${orderBook.seconds.toFixed(0)} s; GET /orders ` +
      (orders ? `(${pageSize} a page) p50 ${orders.p50Ms} ms, p95 ${orders.p95Ms} ms` : `FAILED: ${orderBookError}`),
  );

  // A second, small portfolio (the load's last positions, moved in one transaction) for the RPC-count
  // comparison, should the SDK fail on the 1,000-position one.
  const smallHolder: Address = privateKeyToAccount(hardhatKey(19)).address;
  await givePositions({
    rpcUrl: node.url,
    book,
    rigId: load.rigId,
    mints: CONFIG.mints,
    count: CONFIG.smallPortfolio,
    to: smallHolder,
    key: hardhatKey(19),
  });

  // 5. A ~1,000,000-block history. hardhat_mine reserves the blocks without building them: read back, their
  // parent hashes do not chain (checked below), so a running Ponder that follows them block by block takes
  // them for a reorg, and would fetch each of them anyway. Instead the indexer is stopped, the blocks mined,
  // 40 real blocks mined after them (the unfinalized tail Ponder's realtime sync walks by parent hash), and
  // the indexer restarted on its database: its historical sync covers the gap with eth_getLogs ranges.
  await indexer.stop();
  const mineFrom = (await reader.getBlockNumber({ cacheTime: 0 })) + 1n;
  await rpc(node.url, "hardhat_mine", [numberToHex(CONFIG.historyBlocks)]);
  for (let i = 0; i < CONFIG.finalityBlocks; i++) await rpc(node.url, "evm_mine");
  const head = await reader.getBlockNumber({ cacheTime: 0 });
  const probe = mineFrom + BigInt(Math.floor(CONFIG.historyBlocks / 2));
  const [inGap, beforeIt] = await Promise.all([
    reader.getBlock({ blockNumber: probe }),
    reader.getBlock({ blockNumber: probe - 1n }),
  ]);
  const gapChains = inGap.parentHash === beforeIt.hash;
  ponderRpc.reset();
  t = performance.now();
  indexer = await startIndexer({ book, rpcUrl: ponderRpc.url, dataDir, schema, timeoutMs: 900_000 });
  const catchUpSeconds = seconds(t);
  const catchUpRpc = ponderRpc.counts();
  log(
    `history: ${num(CONFIG.historyBlocks)} blocks mined from ${mineFrom} (head ${head}); the restarted indexer ` +
      `caught up in ${catchUpSeconds.toFixed(0)} s with ${catchUpRpc.calls} RPC calls`,
  );
  // Both reads of the same portfolio through a counting proxy: the 1,000-position one, else the small one.
  const compareFor = (account: Address) =>
    comparePortfolioPaths({ nodeUrl: node.url, book, account, indexerUrl: indexer!.url });
  let pathsError: string | undefined;
  let paths = await compareFor(holder).catch((e: unknown) => {
    pathsError = firstLine(e);
    return undefined;
  });
  const pathsAccount = paths ? holder : smallHolder;
  paths ??= await compareFor(smallHolder);
  const pathsExpected = paths && pathsAccount === holder ? CONFIG.portfolio : CONFIG.smallPortfolio;
  if (paths.differences.length > 0)
    failures.push(`portfolio answers differ: ${paths.differences.slice(0, 5).join("; ")}`);
  if (paths.positions !== pathsExpected)
    failures.push(`portfolio answer has ${paths.positions} positions, not ${pathsExpected}`);
  log(
    `portfolio RPC calls (${paths.positions} positions${pathsError ? `; the 1,000-position read failed: ${pathsError}` : ""}): ` +
      `indexer ${paths.indexer.rpc.calls}, scan ${paths.rpcScan.rpc.calls} (${paths.rpcScan.logRequests} eth_getLogs); ` +
      `answers ${paths.differences.length === 0 ? "equal" : "DIFFER"}`,
  );
  await indexer.stop();

  // The report.
  const rpcIndexer = paths.indexer.rpc.calls;
  const rpcScan = paths.rpcScan.rpc.calls;
  const rows: Row[] = [
    {
      metric: "backfillEventsPerSecond",
      value: `${num(backfillEventsPerSecond)} /s (${num(chainEvents)} events in ${backfillSeconds.toFixed(1)} s)`,
      target: `≥ ${num(TARGETS.backfillEventsPerSecond)} /s`,
      within: backfillEventsPerSecond >= TARGETS.backfillEventsPerSecond,
    },
    { metric: "portfolioP50Ms", value: `${portfolio.p50Ms} ms`, target: "" },
    {
      metric: "portfolioP95Ms",
      value: `${portfolio.p95Ms} ms`,
      target: `≤ ${TARGETS.portfolioP95Ms} ms`,
      within: portfolio.p95Ms <= TARGETS.portfolioP95Ms,
    },
    portfolioSdk
      ? {
          metric: "portfolio, indexer REST part (p50 / p95)",
          value: `${portfolioRest.p50Ms} / ${portfolioRest.p95Ms} ms`,
          target: "",
        }
      : {
          metric: `SDK getPositions, ${num(CONFIG.portfolio)} positions`,
          value: "fails (see below)",
          target: "answers",
          within: false,
        },
    ...(orders
      ? [
          { metric: "orderBookP50Ms", value: `${orders.p50Ms} ms`, target: "" },
          {
            metric: "orderBookP95Ms",
            value: `${orders.p95Ms} ms`,
            target: `≤ ${TARGETS.orderBookP95Ms} ms`,
            within: orders.p95Ms <= TARGETS.orderBookP95Ms,
          },
        ]
      : [
          {
            metric: "orderBookP95Ms",
            value: `fails: ${/\d{3} \w+/.exec(orderBookError ?? "")?.[0] ?? "see below"}`,
            target: `≤ ${TARGETS.orderBookP95Ms} ms`,
            within: false,
          },
        ]),
    {
      metric: `orders, one maker's page (${CONFIG.offersPerMaker} offers; p50 / p95)`,
      value: `${makerPage.p50Ms} / ${makerPage.p95Ms} ms`,
      target: "",
    },
    {
      metric: "rpcCallsPortfolio",
      value: `indexer ${rpcIndexer}, rpcScan ${num(rpcScan)} (${paths.positions} positions)`,
      target: `rpcScan ≥ ${TARGETS.rpcScanFactor} × indexer`,
      within: rpcScan >= TARGETS.rpcScanFactor * Math.max(rpcIndexer, 1),
    },
    {
      metric: "relayBadInputsRejected / Tried",
      value: `${bad.rejected} / ${bad.tried}, ${bad.bookAfter - bad.bookBefore} stored`,
      target: "equal, none stored",
      within: badOk,
    },
    {
      metric: "consistencyMismatches",
      value: `${consistency.mismatches.length} (${num(consistency.fields)} fields)`,
      target: "0",
      within: consistency.mismatches.length === 0,
    },
  ];
  const runSeconds = seconds(runStarted);
  const rps = (calls: number, secs: number) => num(calls / secs);
  const notes = [
    `Setup: \`hardhat node\` on 127.0.0.1, Ponder 0.16.10 on PGlite, the order relay served by the indexer at ` +
      `/orders. Load: ${num(CONFIG.mints)} mints (${CONFIG.portfolio} to one account) and ${CONFIG.rounds} round(s) of ` +
      `transfers each, ${num(chainEvents)} protocol events in ${load.transactions} transactions (blocks ` +
      `${load.firstBlock}–${load.lastBlock}), made in ${loadSeconds.toFixed(0)} s.`,
    `Backfill: ${backfillSeconds.toFixed(1)} s from starting the indexer process to its indexed head: ` +
      `${phases.startupSeconds} s of startup (build, PGlite, migrations) before Ponder's backfill began, ` +
      `${phases.backfillSeconds} s of backfill (${num(chainEvents / phases.backfillSeconds)} events/s), ` +
      `${phases.toHeadSeconds} s for indexes, triggers and the live tail. It made ${num(backfillRpc.calls)} ` +
      `JSON-RPC calls (${Object.entries(backfillRpc.byMethod)
        .map(([m, n]) => `${num(n)} ${m}`)
        .join(", ")}), ${rps(backfillRpc.calls, phases.backfillSeconds)} per second of backfill. Ponder 0.16.10 ` +
      `sends one eth_getLogs per event signature per block range (it merges filters by address only when ` +
      `their topic1-3 are undefined, and ours are null: merged upstream in ponder-sh/ponder#2366, after the ` +
      `0.16 line installable here), and its RPC client starts at 20 requests/s per endpoint, raised by 5% ` +
      `only after saturated windows.`,
    `Portfolio: ${portfolioPath}, ${num(CONFIG.portfolio)} positions, ${portfolio.samples} requests after ` +
      `${portfolioSdk ? CONFIG.sdkWarmup : CONFIG.warmup} warm-up (the indexer's REST part alone: p50 ` +
      `${portfolioRest.p50Ms} ms, p95 ${portfolioRest.p95Ms} ms over ${portfolioRest.samples}). ` +
      `getPositions reads ownership, shares and pending rewards from the chain on both paths: ` +
      `${paths.indexer.rpc.calls} JSON-RPC calls with the indexer, ${paths.indexer.rpc.byMethod.eth_call ?? 0} of them ` +
      `eth_calls (the deployless PortfolioLens, 300 positions a call, and one multicall of the rigs' streams): ` +
      `the EVM work of reading 1,000 positions live is most of the time.` +
      (portfolioSdk
        ? ""
        : ` The SDK's getPositions (what the app's portfolio calls) failed for this account: "${sdkError}". ` +
          `Its deployless multicall packs up to 300 reads into one eth_call, whose init code and returned data ` +
          `exceed the node's contract-size limits (EIP-3860, EIP-170) beyond a few dozen positions; the figure ` +
          `above is the indexer's part of the same read alone.`),
    `Order book: ${orderBook.listings} signed listings and ${orderBook.offers} offers from ` +
      `${OFFER_MAKER_KEYS.length + 1} makers, signed with the SDK and submitted with submitOrder in ` +
      `${orderBook.seconds.toFixed(0)} s (${orderBook.open} open); ` +
      (orders
        ? `GET /orders default page (${pageSize} orders), ${orders.samples} requests after ${CONFIG.warmup} warm-up. `
        : `GET /orders failed: "${orderBookError}". The relay reads the chain state of a page's orders (100 ` +
          `rows for the default page of 50) in deployless multicalls of up to 32 KB of calldata; the data such ` +
          `a call returns exceeds the node's 24,576-byte limit on created code (EIP-170), so the read fails and ` +
          `the page answers 503. The one-maker row times a page whose reads fit. `) +
      `Bad inputs: test/relay/badOrders.ts against ` +
      `the same relay (the per-maker cap case against one capped at 1); GET /orders?status=all counted ` +
      `${bad.bookBefore} orders before and ${bad.bookAfter} after. Consistency: test/indexer/compare.ts, every ` +
      `rig and account, ${CONFIG.comparePositionsPerRig} positions per rig.`,
    `History for rpcCallsPortfolio: after the measurements above the indexer was stopped, \`hardhat_mine\` ` +
      `added ${num(CONFIG.historyBlocks)} empty blocks (${mineFrom}–${mineFrom + BigInt(CONFIG.historyBlocks) - 1n}) ` +
      `and ${CONFIG.finalityBlocks} blocks were mined one by one after them (head ${head}); the indexer was ` +
      `restarted on its database and caught up in ${catchUpSeconds.toFixed(0)} s with ${num(catchUpRpc.calls)} ` +
      `JSON-RPC calls (eth_getLogs over growing ranges). Not with the indexer running: the blocks hardhat_mine ` +
      `reserves do not chain by parent hash when read back (block ${probe}: ` +
      `${gapChains ? "it did in this run" : "its parentHash is not block " + (probe - 1n) + "'s hash"}), which ` +
      `Ponder's live sync, fetching block by block, takes for a reorg. Both reads ran at block ` +
      `${paths.blockNumber} through a counting proxy and returned the same ${paths.positions} positions field by ` +
      `field` +
      (pathsAccount === holder
        ? ""
        : ` (a second account's ${CONFIG.smallPortfolio} positions: the ${num(CONFIG.portfolio)}-position read ` +
          `failed, "${pathsError}")`) +
      `: with the indexer ${rpcIndexer} JSON-RPC calls (and ${paths.indexer.indexerRequests} indexer requests, ` +
      `${paths.indexer.ms} ms), without it ${num(rpcScan)} (${paths.rpcScan.logRequests} eth_getLogs of ` +
      `10,000 blocks, ${paths.rpcScan.ms} ms).`,
    `Run time ${runSeconds.toFixed(0)} s.`,
  ];
  const table = await markdownTable(rows);
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
  const result = {
    generatedAt: new Date().toISOString(),
    commit,
    runSeconds: Math.round(runSeconds),
    config: CONFIG,
    targets: TARGETS,
    metrics: {
      backfillEventsPerSecond: Math.round(backfillEventsPerSecond),
      backfillEvents: chainEvents,
      backfillSeconds: round1(backfillSeconds),
      portfolioP50Ms: portfolio.p50Ms,
      portfolioP95Ms: portfolio.p95Ms,
      orderBookP50Ms: orders?.p50Ms ?? null,
      orderBookP95Ms: orders?.p95Ms ?? null,
      rpcCallsPortfolio: { indexer: rpcIndexer, rpcScan },
      relayBadInputsRejected: bad.rejected,
      relayBadInputsTried: bad.tried,
      consistencyMismatches: consistency.mismatches.length,
    },
    details: {
      load: { ...load, portfolioIds: undefined, events: chainEvents, seconds: Math.round(loadSeconds) },
      backfill: { indexedEvents, ...phases, rpc: backfillRpc },
      consistency: { fields: consistency.fields, mismatches: consistency.mismatches.slice(0, 20) },
      portfolio: {
        path: portfolioPath,
        positions: restIds.length,
        sdkWithIndexer: portfolioSdk ?? { error: sdkError, positionsReturned: sdkPositions },
        indexerRestOnly: portfolioRest,
      },
      orderBook: { ...orderBook, pageSize, latency: orders ?? { error: orderBookError }, oneMakersPage: makerPage },
      relayBadInputs: bad,
      history: {
        how: "indexer stopped; hardhat_mine of minedBlocks; finalityBlocks evm_mine; indexer restarted on its database",
        minedBlocks: CONFIG.historyBlocks,
        minedFrom: mineFrom,
        head,
        reservedBlocksChainByParentHash: gapChains,
        catchUpSeconds: round1(catchUpSeconds),
        catchUpRpc,
      },
      rpcCallsPortfolio: { account: pathsAccount, fullPortfolioError: pathsError, ...paths },
    },
    failures,
  };
  const json = JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  const { jsonFile, mdFile } = await writeReport(path.join(ROOT, "bench"), json, table, notes);
  console.log(`\n${table}\n\n${notes.join("\n\n")}\n`);
  console.log(`wrote ${path.relative(ROOT, jsonFile)} and ${path.relative(ROOT, mdFile)}`);
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  console.error(`bench:indexer failed: ${(e as Error).stack ?? e}`);
  if (indexer) console.error(`indexer log tail:\n${indexer.output().trim().split("\n").slice(-20).join("\n")}`);
} finally {
  await indexer?.stop().catch(() => undefined);
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
if (failures.length > 0) {
  exitCode = 1;
  console.error(`\ncorrectness checks failed:\n- ${failures.join("\n- ")}`);
}
process.exit(exitCode);
