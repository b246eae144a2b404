// The indexer follows a reorganisation. With the indexer live at the head, the test takes an `evm_snapshot`,
// sends chain A (holder #2 mints, then transfers the position to holder #3), waits until the indexer has
// indexed A, then `evm_revert`s and sends chain B, different transactions at the same heights (holder #4
// mints another amount, holder #5 mints) plus empty blocks, so B is longer than A. The indexer must detect
// the reorg (Ponder's debug log "Reconciled reorg in local chain"; its ponder_realtime_reorg_total metric is
// never incremented in 0.16), drop A's rows and converge on B: every view compared
// (test/indexer/compare.ts) matches and no indexed event belongs to a transaction of A.
// Ponder treats blocks within 30 of the head as unfinalised on a chain it does not know (31337): the reorg
// here is a few blocks deep, well inside that window. PGlite and Postgres run side by side on the same chain.
import { expect } from "chai";
import type { Hex } from "viem";

import { type Indexer, logLines, waitForIndexedBlock } from "../../scripts/lib/indexer.js";
import { HARDHAT_ACCOUNTS, HARDHAT_KEYS, rpc, testWalletClient } from "../../scripts/lib/localStack.js";
import { contractsOf, getRig, mint, transfer } from "../../sdk/index.js";
import { compareWithChain, getJson } from "./compare.js";
import { type Stack, startStack } from "./stack.js";

describe("Indexer reorg handling", function () {
  this.timeout(300_000);
  let stack: Stack;

  before(async function () {
    stack = await startStack("reorg");
  });
  after(async function () {
    await stack?.teardown();
  });

  it("converges on the new chain after evm_revert and different blocks (PGlite and Postgres side by side)", async function () {
    const { node, book, reader } = stack;
    const contracts = contractsOf(book);
    const rigId = BigInt(book.seed!.rigId);
    const [h2, , h4, h5] = HARDHAT_KEYS.holders.map((k) => testWalletClient(node.url, book.chainId, k));
    const indexers: Indexer[] = await Promise.all(stack.backends.map((b) => stack.indexer(b, { logLevel: "debug" })));
    const caughtUp = async () => {
      const head = await reader.getBlockNumber();
      await Promise.all(indexers.map((ix) => waitForIndexedBlock(ix.url, head)));
      return head;
    };
    const forkBlock = await caughtUp();
    const snapshot = await rpc<Hex>(node.url, "evm_snapshot");

    // Chain A.
    const nextId = rigId * 10n ** 12n + (await getRig(reader, { contracts, rigId })).lastSerial + 1n;
    const a1 = await mint(h2!, { contracts, rigId, shares: 7n });
    expect(a1.positionId).to.equal(nextId);
    const a2 = await transfer(h2!, { contracts, positionId: nextId, to: HARDHAT_ACCOUNTS.holders[1]! });
    const aHashes = new Set([a1.hash, a1.approvalHash, a2.hash].filter((h): h is Hex => h !== undefined));
    const headA = await caughtUp();
    for (const ix of indexers) {
      // /status at the head does not promise that the head's rows are already readable: CI once read the
      // mint's row before the transfer's (both at or below /status's block). Wait, bounded, for A's last
      // write (the transfer) and report the lag when there is one.
      const t = Date.now();
      const ownerA = HARDHAT_ACCOUNTS.holders[1]!.toLowerCase();
      let p: Record<string, unknown> | undefined;
      while ((!p || p.owner !== ownerA) && Date.now() - t < 20_000) {
        p = await getJson(`${ix.url}/positions/${nextId}`).catch(() => undefined);
        if (!p || p.owner !== ownerA) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (Date.now() - t > 150) console.log(`      position ${nextId} as A left it ${Date.now() - t} ms after /status`);
      expect(p, `chain A indexed:\n${ix.output().slice(-3_000)}`).to.not.equal(undefined);
      expect(p!.owner, "chain A indexed").to.equal(HARDHAT_ACCOUNTS.holders[1]!.toLowerCase());
      expect(p!.shares).to.equal("7");
    }

    // Chain B: the same heights with other transactions, then longer than A.
    expect(await rpc<boolean>(node.url, "evm_revert", [snapshot])).to.equal(true);
    const b1 = await mint(h4!, { contracts, rigId, shares: 3n });
    expect(b1.positionId, "B reuses A's position id").to.equal(nextId);
    await mint(h5!, { contracts, rigId, shares: 11n });
    for (let i = 0; i < 4; i++) await rpc(node.url, "evm_mine");
    expect(await reader.getBlockNumber()).to.be.greaterThan(headA);

    const headB = await caughtUp();
    const reorgs = indexers.map((ix) => logLines(ix.output(), "Reconciled reorg in local chain").length);
    for (const [i, ix] of indexers.entries()) {
      const name = stack.backends[i]!.name;
      expect(reorgs[i], `${name}: reorgs detected`).to.be.greaterThan(0);
      const p = await getJson(`${ix.url}/positions/${nextId}`);
      expect(p.owner, `${name}: position ${nextId} is chain B's`).to.equal(HARDHAT_ACCOUNTS.holders[2]!.toLowerCase());
      expect(p.shares).to.equal("3");
      expect((p.transfers as unknown[]).length, `${name}: A's transfer is gone`).to.equal(1);
      const events = await getJson<{ items: { transactionHash: Hex; blockNumber: string }[] }>(
        `${ix.url}/events?fromBlock=${forkBlock + 1n}&limit=1000`,
      );
      expect(events.items.length, `${name}: B's events`).to.be.greaterThan(0);
      for (const e of events.items) {
        expect(aHashes.has(e.transactionHash), `${name}: event of A's tx ${e.transactionHash}`).to.equal(false);
        const receipt = await reader.getTransactionReceipt({ hash: e.transactionHash });
        expect(receipt.blockNumber, `${name}: ${e.transactionHash} is on chain B`).to.equal(BigInt(e.blockNumber));
      }
      const result = await compareWithChain({
        indexerUrl: ix.url,
        reader,
        book,
        accounts: [...HARDHAT_ACCOUNTS.holders, HARDHAT_ACCOUNTS.operator],
      });
      expect(result.mismatches, name).to.deep.equal([]);
      expect(result.fields).to.be.greaterThan(0);
      console.log(`      ${name}: ${reorgs[i]} reorg(s) handled; at block ${headB}, ${result.fields} fields match`);
    }
  });
});
