// The indexer as the SDK, CLI and app use it, on a real `hardhat node`: getPositions, getMarketListings,
// getEpochHistory, getAccountHistory (CSV export), getRigEpochs (charts) and getDifficultyHistory (forecast)
// give the same answer through the indexer as through the RPC scan (and, the indexer down,
// fall back to the scan with the same answer), and the order relay mounted at /orders in the indexer's process takes a signed
// listing, shows it to anyone, and marks it filled once a buyer fills it on chain — on PGlite and Postgres.
import { expect } from "chai";
import type { Address } from "viem";

import { getRigEpochs } from "../../sdk/actions/getRigEpochs.js";
import {
  buySignedListing,
  claim,
  contractsOf,
  createIndexerClient,
  getAccountHistory,
  getDifficultyHistory,
  getEpochHistory,
  getIndexerStatus,
  getMarketListings,
  getOrders,
  getPositions,
  getRig,
  mint,
  signListing,
  submitOrder,
} from "../../sdk/index.js";
import { waitForIndexedBlock } from "../../scripts/lib/indexer.js";
import { HARDHAT_ACCOUNTS, HARDHAT_KEYS, testWalletClient } from "../../scripts/lib/localStack.js";
import { ActionDriver } from "./actions.js";
import { type Stack, startStack } from "./stack.js";

const USDC = 1_000_000n;

describe("indexer: the SDK's reads and the mounted order relay", function () {
  this.timeout(600_000);
  let stack: Stack;

  before(async function () {
    stack = await startStack("sdk");
  });
  after(async function () {
    await stack?.teardown();
  });

  it("answers getPositions, getMarketListings, getEpochHistory and the account, rig-epoch and difficulty histories as the RPC scan does, on every backend", async function () {
    const contracts = contractsOf(stack.book);
    const accounts = [...HARDHAT_ACCOUNTS.holders] as Address[];
    // Epochs from 3-of-5 signed reports (some with an SLA refund) beside the seed's own, so the history
    // compared is several epochs long and, below, splits between indexed rows and the scan after them.
    const driver = new ActionDriver(stack.node.url, stack.reader, stack.book, 12);
    for (let i = 0; i < 3; ++i) await driver.push();
    for (const backend of stack.backends) {
      const ix = await stack.indexer(backend);
      try {
        const indexer = createIndexerClient(ix.url);
        const compare = async (when: string) => {
          for (const account of accounts) {
            const [viaRpc, viaIndexer] = await Promise.all([
              getPositions(stack.reader, { contracts, account }),
              getPositions(stack.reader, { contracts, account, indexer }),
            ]);
            expect(viaIndexer.positions, `${backend.name} ${when}: positions of ${account}`).to.deep.equal(
              viaRpc.positions,
            );
          }
          const renter = accounts[0]!;
          expect(
            await getMarketListings(stack.reader, { contracts, renter, indexer }),
            `${when}: market`,
          ).to.deep.equal(await getMarketListings(stack.reader, { contracts, renter }));
          const epochs = await getEpochHistory(stack.reader, { contracts, rigId: 1n });
          expect(epochs.length, `${when}: epochs pushed`).to.be.greaterThan(3);
          expect(
            await getEpochHistory(stack.reader, { contracts, rigId: 1n, indexer }),
            `${when}: epochs`,
          ).to.deep.equal(epochs);
          // The histories behind the charts, the CSV export and the difficulty forecast.
          for (const account of accounts) {
            const viaRpc = await getAccountHistory(stack.reader, { contracts, account });
            expect(
              await getAccountHistory(stack.reader, { contracts, account, indexer }),
              `${backend.name} ${when}: history of ${account}`,
            ).to.deep.equal(viaRpc);
          }
          const rigEpochs = await getRigEpochs(stack.reader, { contracts, rigId: 1n });
          expect(rigEpochs.length, `${when}: rig epochs`).to.be.greaterThan(3);
          expect(
            await getRigEpochs(stack.reader, { contracts, rigId: 1n, indexer }),
            `${when}: rig epochs`,
          ).to.deep.equal(rigEpochs);
          const { payoutToken } = await getRig(stack.reader, { contracts, rigId: 1n });
          const difficulty = await getDifficultyHistory(stack.reader, { contracts, payoutToken });
          expect(difficulty.length, `${when}: network updates`).to.be.greaterThan(0);
          expect(
            await getDifficultyHistory(stack.reader, { contracts, payoutToken, indexer }),
            `${when}: difficulty history`,
          ).to.deep.equal(difficulty);
        };
        await compare("caught up");
        // Activity the indexer sees later: until then the reads scan the blocks after its indexed block.
        const holder = testWalletClient(stack.node.url, stack.book.chainId, HARDHAT_KEYS.holders[1]);
        const minted = await mint(holder, { contracts, rigId: 1n, shares: 3n });
        await driver.push();
        await claim(holder, { contracts, positionIds: [minted.positionId] });
        await compare("right after a mint, a push and a claim");
        await ix.stop();
        await mint(holder, { contracts, rigId: 1n, shares: 2n });
        await driver.push();
        await compare("indexer down (the reads fall back to the scan)");
      } finally {
        await ix.stop();
      }
    }
  });

  it("relays a signed listing at /orders: stored, shown to anyone best price first, filled after the buy", async function () {
    const contracts = contractsOf(stack.book);
    const usdc = stack.book.tokens!.USDC.address;
    for (const backend of stack.backends) {
      const ix = await stack.indexer(backend);
      try {
        const seller = testWalletClient(stack.node.url, stack.book.chainId, HARDHAT_KEYS.holders[2]);
        const buyer = testWalletClient(stack.node.url, stack.book.chainId, HARDHAT_KEYS.holders[3]);
        const { positionId } = await mint(seller, { contracts, rigId: 1n, shares: 4n });
        const head = await stack.reader.getBlock({ blockTag: "latest" });
        const signed = await signListing(seller, {
          contracts,
          positionId,
          paymentToken: usdc,
          pricePerShare: 95n * USDC,
          expiry: head.timestamp + 86_400n,
          approveMarket: true,
        });
        const order = {
          kind: "listing" as const,
          order: signed.order,
          signature: signed.signature,
          orderHash: signed.orderHash,
          chainId: stack.book.chainId,
          market: contracts.market!,
        };
        const stored = await submitOrder(ix.url, order);
        expect(stored.status, backend.name).to.equal("open");
        const book = await getOrders(ix.url, { side: "listing", rig: 1n });
        expect(book.orders.map((o) => o.orderHash)).to.include(signed.orderHash);
        // A second copy is refused (nothing stored twice).
        let refused: unknown;
        await submitOrder(ix.url, order).catch((e: unknown) => (refused = e));
        expect((refused as { code?: string })?.code).to.equal("duplicate");

        const relayed = book.orders.find((o) => o.orderHash === signed.orderHash)!;
        if (relayed.order.kind !== "listing") throw new Error("a listing came back as an offer");
        await buySignedListing(buyer, {
          contracts,
          order: relayed.order.order,
          signature: relayed.order.signature,
          shares: 4n,
          maxPricePerShare: 95n * USDC,
          approve: "exact",
        });
        const after = await getOrders(ix.url, { side: "listing", status: "all" });
        expect(after.orders.find((o) => o.orderHash === signed.orderHash)?.status).to.equal("filled");
        // The indexer follows: its status reaches the head.
        const headNow = await stack.reader.getBlockNumber();
        await waitForIndexedBlock(ix.url, headNow);
        expect((await getIndexerStatus(createIndexerClient(ix.url))).indexedBlock >= headNow).to.equal(true);
      } finally {
        await ix.stop();
      }
    }
  });
});
