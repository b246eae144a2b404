// The indexer survives a crash mid-backfill. A long history is generated first (scripts/lib/stack/load.ts:
// ~10,000 real protocol events from batched mints and transfers), and 40 empty blocks make all of it final,
// so Ponder backfills it (in chunks of ~6,000 events, each committed with its checkpoint). The indexer is
// SIGKILLed as soon as its first chunk is committed, then restarted on the same database and schema. It must
// resume from its checkpoint, not from block 0: Ponder logs "Detected crash recovery", its resumed backfill
// starts at the committed checkpoint, and the restarted process indexes only the events the first one had not
// (ponder_indexing_completed_events counts per process: exactly the total less the committed chunks). No row is duplicated: the history table holds
// exactly the chain's protocol logs, the transfer table exactly its Transfer logs, and every view matches.
// A killed process leaves its schema locked until its heartbeat expires (25 s in Ponder 0.16): the restart
// waits for that. PGlite and Postgres run side by side.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { type Address, parseAbiItem } from "viem";

import { type Indexer, indexedBlock, indexerMetric, logLines } from "../../scripts/lib/indexer.js";
import { HARDHAT_ACCOUNTS, rpc } from "../../scripts/lib/localStack.js";
import { generateLoad } from "../../scripts/lib/stack/load.js";
import { compareWithChain, getJson } from "./compare.js";
import { type Backend, type Stack, startStack } from "./stack.js";

const MINTS = Number(process.env.INDEXER_RESTART_MINTS ?? 2_000);

describe("Indexer restart after a crash mid-backfill", function () {
  this.timeout(600_000);
  let stack: Stack;
  const dirs: string[] = [];

  before(async function () {
    stack = await startStack("restart", { seed: false });
  });
  after(async function () {
    await stack?.teardown();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("resumes from its checkpoint without re-indexing from the start or duplicating rows (PGlite and Postgres)", async function () {
    const { node, book, reader } = stack;
    const t0 = Date.now();
    const load = await generateLoad({
      rpcUrl: node.url,
      book,
      mints: MINTS,
      portfolio: 100,
      portfolioOwner: HARDHAT_ACCOUNTS.holders[0]!,
      rounds: 3,
    });
    // evm_mine, not hardhat_mine: the blocks hardhat_mine reserves do not chain by parent hash when read
    // back, and Ponder takes that for a reorg beyond its finalized block.
    for (let i = 0; i < 40; i++) await rpc(node.url, "evm_mine");
    const head = await reader.getBlockNumber();
    const addresses = Object.values(book.contracts).map((c) => c.address as Address);
    const logs = await reader.getLogs({ address: addresses, fromBlock: BigInt(book.deploymentBlock), toBlock: head });
    const transfers = await reader.getLogs({
      address: book.contracts.RigShares.address,
      event: parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)"),
      fromBlock: BigInt(book.deploymentBlock),
      toBlock: head,
    });
    // The indexer keeps only the protocol contracts' logs (the renderer emits none).
    const total = logs.length;
    expect(total, "a history long enough for several backfill chunks").to.be.greaterThan(7_000);
    console.log(
      `      ${total} protocol events in blocks ${book.deploymentBlock}–${head} ` +
        `(load ${load.firstBlock}–${load.lastBlock}, made in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const run = async (backend: Backend) => {
      const dataDir = backend.databaseUrl ? undefined : await mkdtemp(path.join(os.tmpdir(), "rigshare-restart-"));
      if (dataDir) dirs.push(dataDir);
      const schema = `restart_${backend.name.toLowerCase()}_${process.pid}`;
      const first: Indexer = await stack.indexer(backend, { dataDir, schema, waitReady: false });
      // Kill as soon as a chunk of the load is committed (its "Indexed block range" log follows the commit).
      const deadline = Date.now() + 120_000;
      const loadChunk = () =>
        logLines(first.output(), "Indexed block range").some((l) => Number(l.event_count) > 1_000);
      while (!loadChunk()) {
        if (Date.now() > deadline)
          throw new Error(`${backend.name}: no chunk indexed:\n${first.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const committed = await indexedBlock(first.url);
      await first.kill();
      // What the first process committed: its logged chunks (each logged after its commit). Its in-memory
      // progress on the next chunk is lost with it.
      const chunks = logLines(first.output(), "Indexed block range");
      const before = chunks.reduce((sum, l) => sum + Number(l.event_count), 0);
      expect(
        logLines(first.output(), "Completed backfill indexing across all chains"),
        "killed mid-backfill",
      ).to.have.length(0);
      expect(committed, `${backend.name}: a checkpoint before the kill`).to.be.a("number");
      expect(committed!, `${backend.name}: checkpoint inside the load`).to.be.lessThan(Number(load.lastBlock));

      const started = Date.now();
      const second = await stack.indexer(backend, { dataDir, schema });
      const restartSeconds = (Date.now() - started) / 1000;
      const out = second.output();
      expect(logLines(out, "Detected crash recovery"), `${backend.name}: crash recovery`).to.have.length(1);
      const backfill = logLines(out, "Started backfill indexing")[0];
      const resumedFrom = Number(/\[(\d+),/.exec(String(backfill?.block_range))?.[1]);
      // Ponder restarts the range at its checkpoint's block (skipping the events up to the checkpoint in it).
      expect(resumedFrom, `${backend.name}: resumed at the checkpoint`).to.equal(committed!);
      expect(resumedFrom, `${backend.name}: not from the deployment`).to.be.greaterThan(Number(load.firstBlock));
      const resumedEvents = await indexerMetric(second.url, "ponder_indexing_completed_events");
      expect(resumedEvents, `${backend.name}: events indexed after the restart`).to.be.greaterThan(0);
      expect(resumedEvents, `${backend.name}: exactly the events after the checkpoint`).to.equal(total - before);

      const stats = await getJson<Record<string, number>>(`${second.url}/stats`);
      expect(stats.events, `${backend.name}: event rows = chain logs`).to.equal(total);
      expect(stats.transfers, `${backend.name}: transfer rows = chain Transfer logs`).to.equal(transfers.length);
      // Every rig and account, and 150 positions spread over each rig (2,000 would take a minute of RPC calls).
      const result = await compareWithChain({
        indexerUrl: second.url,
        reader,
        book,
        accounts: HARDHAT_ACCOUNTS.holders,
        maxPositionsPerRig: 150,
      });
      expect(result.mismatches, backend.name).to.deep.equal([]);
      expect(result.fields).to.be.greaterThan(500);
      console.log(
        `      ${backend.name}: killed after ${chunks.length} chunk(s) (${before} events, checkpoint block ${committed}); ` +
          `restart up in ${restartSeconds.toFixed(1)} s (schema lock wait included), resumed at block ${resumedFrom}, ` +
          `indexed ${resumedEvents} more events; ${stats.events} event rows, ${result.fields} fields match`,
      );
      await second.stop();
    };
    await Promise.all(stack.backends.map(run));
  });
});
