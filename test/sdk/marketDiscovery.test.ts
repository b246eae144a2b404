// SDK discovery reads on the in-process chain, with exact values: getMarketListings (live sale and rental
// listings found from the market's logs, with cancelled, sold-out, expired and stale ones dropped, and the
// rentals an account took, latest first), getOrderState (fill, cancellation and counter voiding of signed
// orders) and getEpochHistory (a rig's epochs settled through the epoch funder, newest first). Every log
// scan is also run one block per request (`maxBlockRange: 1n`) and must give the same answer.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, getAddress, parseEventLogs } from "viem";

import { epochFunderAbi, rewardDistributorAbi, rigSharesAbi } from "../../sdk/abis.js";
import { buyShares } from "../../sdk/actions/buyShares.js";
import { buySignedListing } from "../../sdk/actions/buySignedListing.js";
import { cancelListing } from "../../sdk/actions/cancelListing.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { getEpochHistory } from "../../sdk/actions/getEpochHistory.js";
import { getLastBreakdown } from "../../sdk/actions/getLastBreakdown.js";
import { getMarketListings } from "../../sdk/actions/getMarketListings.js";
import { getOrderState } from "../../sdk/actions/getOrderState.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { incrementCounter } from "../../sdk/actions/incrementCounter.js";
import { listForRent } from "../../sdk/actions/listForRent.js";
import { listPosition } from "../../sdk/actions/listPosition.js";
import { pushEpochWithReport } from "../../sdk/actions/pushEpochWithReport.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { rentPosition } from "../../sdk/actions/rentPosition.js";
import { signEpochReport } from "../../sdk/actions/signEpochReport.js";
import { signListing } from "../../sdk/actions/signListing.js";
import { signOffer } from "../../sdk/actions/signOffer.js";
import { split } from "../../sdk/actions/split.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { rigsharePublicActions } from "../../sdk/decorator.js";
import { MissingContractError } from "../../sdk/errors.js";
import type { EpochReport } from "../../sdk/types.js";
import { THRESHOLD, USDC, hourlyRigParams, sdkMarketFixture, sdkOracleFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;
const DAY = 86_400n;
const TH = 10n ** 12n;

/**
 * sdkMarketFixture (rig 1 sold out to alice 600 and bob 400, the market at a 1% fee); then alice splits
 * hers into 300 + 100 + 100 + 100 and bob his into 200 + 100 + 100.
 */
async function discoveryFixture(c: NetworkConnection) {
  const p = await sdkMarketFixture(c);
  const { contracts, alicePos, bobPos } = p;
  const cut = async (who: typeof p.alice, positionId: bigint) =>
    (await split(who, { contracts, positionId, shares: 100n })).newPositionId;
  const a2 = await cut(p.alice, alicePos);
  const a3 = await cut(p.alice, alicePos);
  const a4 = await cut(p.alice, alicePos);
  const b2 = await cut(p.bob, bobPos);
  const b3 = await cut(p.bob, bobPos);
  return { ...p, contracts, a1: alicePos, a2, a3, a4, b1: bobPos, b2, b3 };
}
type Discovery = Awaited<ReturnType<typeof discoveryFixture>>;

async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (e) {
    return e;
  }
  throw new Error("expected the action to throw");
}

const versionOf = async (d: Discovery, positionId: bigint) =>
  BigInt(
    (
      await d.publicClient.readContract({
        address: d.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
      })
    ).version,
  );

/** The sale listing as getListing returns it when live, every field spelled out. */
async function liveSale(
  d: Discovery,
  positionId: bigint,
  seller: Address,
  shares: bigint,
  pricePerShare: bigint,
  minFill: bigint,
  expiry: bigint,
) {
  return {
    positionId,
    seller: getAddress(seller),
    shares,
    version: await versionOf(d, positionId),
    paymentToken: getAddress(d.usdc.address),
    expiry,
    pricePerShare,
    minFill,
    status: "live",
  };
}

async function liveRental(
  d: Discovery,
  positionId: bigint,
  owner: Address,
  pricePerDay: bigint,
  minDays: bigint,
  maxDays: bigint,
  expiry: bigint,
) {
  return {
    positionId,
    owner: getAddress(owner),
    version: await versionOf(d, positionId),
    expiry,
    paymentToken: getAddress(d.usdc.address),
    minDays,
    maxDays,
    pricePerDay,
    status: "live",
  };
}

describe("SDK discovery reads (getMarketListings, getOrderState, getEpochHistory)", function () {
  this.timeout(180_000);

  describe("getMarketListings", function () {
    it("finds exactly the two positions listed for sale and the one listed for rent, with their terms", async function () {
      const d = await networkHelpers.loadFixture(discoveryFixture);
      const empty = await getMarketListings(d.publicClient, { contracts: d.contracts });
      expect([empty.listings, empty.rentalListings, empty.rentals]).to.deep.equal([[], [], []]);

      const expiry = BigInt(await time.latest()) + 7n * DAY;
      // Bob lists first: the result is by position id, not by listing order.
      await listPosition(d.bob, {
        contracts: d.contracts,
        positionId: d.b1,
        paymentToken: d.usdc.address,
        pricePerShare: 120n * USDC,
        minFill: 20n,
        expiry,
      });
      await listPosition(d.alice, {
        contracts: d.contracts,
        positionId: d.a1,
        paymentToken: d.usdc.address,
        pricePerShare: 150n * USDC,
        minFill: 50n,
        expiry,
      });
      await listForRent(d.alice, {
        contracts: d.contracts,
        positionId: d.a2,
        paymentToken: d.usdc.address,
        pricePerDay: 10n * USDC,
        minDays: 1n,
        maxDays: 30n,
        expiry: expiry + DAY,
      });
      const head = await d.publicClient.getBlockNumber();
      const found = await getMarketListings(d.publicClient, { contracts: d.contracts });
      expect(found).to.deep.equal({
        listings: [
          await liveSale(d, d.a1, d.alice.account.address, 300n, 150n * USDC, 50n, expiry),
          await liveSale(d, d.b1, d.bob.account.address, 200n, 120n * USDC, 20n, expiry),
        ],
        rentalListings: [await liveRental(d, d.a2, d.alice.account.address, 10n * USDC, 1n, 30n, expiry + DAY)],
        rentals: [],
        blockNumber: head,
      });
      expect(await getMarketListings(d.publicClient, { contracts: d.contracts, maxBlockRange: 1n })).to.deep.equal(
        found,
      );
      expect(await getMarketListings(d.publicClient, { contracts: d.contracts, maxBlockRange: 7n })).to.deep.equal(
        found,
      );
      // Scanning from after the listings finds none of them.
      const later = await getMarketListings(d.publicClient, { contracts: d.contracts, fromBlock: head + 1n });
      expect([later.listings, later.rentalListings]).to.deep.equal([[], []]);
      // The decorator binds the action to the address book.
      const reader = d.publicClient.extend(rigsharePublicActions(d.contracts));
      expect(await reader.getMarketListings({})).to.deep.equal(found);
    });

    it("drops cancelled, sold-out, expired and stale listings; a partial buy leaves the reduced shares", async function () {
      const d = await networkHelpers.loadFixture(discoveryFixture);
      const now = BigInt(await time.latest());
      const week = now + 7n * DAY;
      const soon = now + DAY;
      const list = (who: Discovery["alice"], positionId: bigint, pricePerShare: bigint, expiry: bigint) =>
        listPosition(who, {
          contracts: d.contracts,
          positionId,
          paymentToken: d.usdc.address,
          pricePerShare,
          minFill: 10n,
          expiry,
        });
      const letOut = (who: Discovery["alice"], positionId: bigint, pricePerDay: bigint, expiry: bigint) =>
        listForRent(who, {
          contracts: d.contracts,
          positionId,
          paymentToken: d.usdc.address,
          pricePerDay,
          minDays: 2n,
          maxDays: 10n,
          expiry,
        });
      await list(d.alice, d.a1, 150n * USDC, week); // partly bought
      await list(d.alice, d.a2, 151n * USDC, week); // cancelled
      await list(d.alice, d.a3, 152n * USDC, week); // sold out
      await list(d.bob, d.b1, 120n * USDC, soon); // expires
      await list(d.bob, d.b2, 121n * USDC, week); // transferred: stale
      await list(d.bob, d.b3, 130n * USDC, week); // untouched
      await letOut(d.alice, d.a4, 5n * USDC, week); // untouched
      await letOut(d.bob, d.b1, 6n * USDC, soon); // expires
      await letOut(d.bob, d.b2, 7n * USDC, week); // transferred: stale
      const before = await getMarketListings(d.publicClient, { contracts: d.contracts });
      expect(before.listings.map((l) => [l.positionId, l.pricePerShare, l.shares])).to.deep.equal([
        [d.a1, 150n * USDC, 300n],
        [d.b1, 120n * USDC, 200n],
        [d.a2, 151n * USDC, 100n],
        [d.a3, 152n * USDC, 100n],
        [d.b2, 121n * USDC, 100n],
        [d.b3, 130n * USDC, 100n],
      ]);
      expect(before.rentalListings.map((l) => [l.positionId, l.pricePerDay])).to.deep.equal([
        [d.b1, 6n * USDC],
        [d.a4, 5n * USDC],
        [d.b2, 7n * USDC],
      ]);

      const partial = await buyShares(d.carol, { contracts: d.contracts, positionId: d.a1, shares: 100n });
      await cancelListing(d.alice, { contracts: d.contracts, positionId: d.a2 });
      const soldOut = await buyShares(d.carol, { contracts: d.contracts, positionId: d.a3, shares: 100n });
      expect(soldOut.boughtId).to.equal(d.a3);
      await transfer(d.bob, { contracts: d.contracts, positionId: d.b2, to: d.stranger.account.address });
      await time.increaseTo(soon);

      const after = await getMarketListings(d.publicClient, { contracts: d.contracts });
      expect(after.listings).to.deep.equal([
        await liveSale(d, d.a1, d.alice.account.address, 200n, 150n * USDC, 10n, week),
        await liveSale(d, d.b3, d.bob.account.address, 100n, 130n * USDC, 10n, week),
      ]);
      expect(after.rentalListings).to.deep.equal([
        await liveRental(d, d.a4, d.alice.account.address, 5n * USDC, 2n, 10n, week),
      ]);
      // The piece carol bought is a new position, never listed.
      expect(partial.boughtId).to.not.equal(d.a1);
      expect(after.listings.map((l) => l.positionId)).to.not.include(partial.boughtId);
      expect(await getMarketListings(d.publicClient, { contracts: d.contracts, maxBlockRange: 1n })).to.deep.equal(
        after,
      );

      // Re-listed and live again: found again, with the new terms.
      await list(d.alice, d.a1, 99n * USDC, week);
      const relisted = await getMarketListings(d.publicClient, { contracts: d.contracts });
      expect(relisted.listings.map((l) => [l.positionId, l.pricePerShare, l.shares])).to.deep.equal([
        [d.a1, 99n * USDC, 200n],
        [d.b3, 130n * USDC, 100n],
      ]);
    });

    it("lists the rentals a renter took, latest first, with exact expiry, price and fee", async function () {
      const d = await networkHelpers.loadFixture(discoveryFixture);
      const expiry = BigInt(await time.latest()) + 30n * DAY;
      await listForRent(d.alice, {
        contracts: d.contracts,
        positionId: d.a4,
        paymentToken: d.usdc.address,
        pricePerDay: 10n * USDC,
        minDays: 1n,
        maxDays: 30n,
        expiry,
      });
      await listForRent(d.bob, {
        contracts: d.contracts,
        positionId: d.b3,
        paymentToken: d.usdc.address,
        pricePerDay: 4n * USDC,
        minDays: 1n,
        maxDays: 30n,
        expiry,
      });
      const carol = getAddress(d.carol.account.address);
      const first = await rentPosition(d.carol, { contracts: d.contracts, positionId: d.a4, days: 2n });
      const firstAt = (await d.publicClient.getBlock({ blockNumber: first.receipt.blockNumber })).timestamp;
      // Alice rents bob's position: a Rented log of another renter.
      const alices = await rentPosition(d.alice, { contracts: d.contracts, positionId: d.b3, days: 1n });
      const alicesAt = (await d.publicClient.getBlock({ blockNumber: alices.receipt.blockNumber })).timestamp;
      const once = await getMarketListings(d.publicClient, { contracts: d.contracts, renter: carol });
      const firstRental = {
        positionId: d.a4,
        renter: carol,
        expires: firstAt + 2n * DAY,
        price: 20n * USDC,
        fee: 200_000n,
      };
      expect(once.rentals).to.deep.equal([firstRental]);
      // Both positions are rented out: neither rental listing can start a rental now.
      expect(once.rentalListings).to.deep.equal([]);

      await time.increaseTo(firstAt + 2n * DAY + 1n);
      const second = await rentPosition(d.carol, { contracts: d.contracts, positionId: d.a4, days: 3n });
      const secondAt = (await d.publicClient.getBlock({ blockNumber: second.receipt.blockNumber })).timestamp;
      const secondRental = {
        positionId: d.a4,
        renter: carol,
        expires: secondAt + 3n * DAY,
        price: 30n * USDC,
        fee: 300_000n,
      };
      expect([second.expires, second.price, second.fee]).to.deep.equal([secondAt + 3n * DAY, 30n * USDC, 300_000n]);
      // A lower-case address is accepted too.
      const twice = await getMarketListings(d.publicClient, {
        contracts: d.contracts,
        renter: d.carol.account.address.toLowerCase() as Address,
      });
      expect(twice.rentals).to.deep.equal([secondRental, firstRental]);
      // Bob's position is free again (alice's one-day rental ended); alice's is rented by carol.
      expect(twice.rentalListings.map((l) => l.positionId)).to.deep.equal([d.b3]);
      expect(
        await getMarketListings(d.publicClient, { contracts: d.contracts, renter: carol, maxBlockRange: 1n }),
      ).to.deep.equal(twice);
      expect(
        (await getMarketListings(d.publicClient, { contracts: d.contracts, renter: d.alice.account.address })).rentals,
      ).to.deep.equal([
        {
          positionId: d.b3,
          renter: getAddress(d.alice.account.address),
          expires: alicesAt + DAY,
          price: 4n * USDC,
          fee: 40_000n,
        },
      ]);
      expect(
        (await getMarketListings(d.publicClient, { contracts: d.contracts, renter: d.stranger.account.address }))
          .rentals,
      ).to.deep.equal([]);
      expect((await getMarketListings(d.publicClient, { contracts: d.contracts })).rentals).to.deep.equal([]);
    });

    it("throws MissingContractError when the address book has no market", async function () {
      const d = await networkHelpers.loadFixture(discoveryFixture);
      const { market: _, ...contracts } = d.contracts;
      const error = await caught(() => getMarketListings(d.publicClient, { contracts }));
      expect(error).to.be.instanceOf(MissingContractError);
      expect((error as MissingContractError).shortMessage).to.equal(
        "This deployment has no ShareMarket in its address book: redeploy with scripts/deploy.ts, which deploys the market",
      );
      const orderError = await caught(() =>
        getOrderState(d.publicClient, { contracts, orderHash: `0x${"00".repeat(32)}` }),
      );
      expect(orderError).to.be.instanceOf(MissingContractError);
    });
  });

  describe("getOrderState", function () {
    it("follows a signed offer and a signed listing through fills, a cancel and a counter increment", async function () {
      const d = await networkHelpers.loadFixture(discoveryFixture);
      const expiry = BigInt(await time.latest()) + 7n * DAY;
      const carol = getAddress(d.carol.account.address);
      const state = (orderHash: `0x${string}`, extra: { maker?: Address; counter?: bigint } = {}) =>
        getOrderState(d.publicClient, { contracts: d.contracts, orderHash, ...extra });
      const fresh = { filled: 0n, cancelled: false, voided: false };

      const { offer, signature, orderHash } = await signOffer(d.carol, {
        contracts: d.contracts,
        rigId: d.rigId,
        maxShares: 50n,
        paymentToken: d.usdc.address,
        pricePerShare: 200n * USDC,
        expiry,
        salt: 1n,
      });
      expect(offer.counter).to.equal(0n);
      expect(await state(orderHash)).to.deep.equal(fresh);
      expect(await state(orderHash, { maker: carol, counter: 0n })).to.deep.equal(fresh);

      await fillOffer(d.bob, { contracts: d.contracts, offer, signature, positionId: d.b1, shares: 30n });
      expect(await state(orderHash)).to.deep.equal({ filled: 30n, cancelled: false, voided: false });
      await fillOffer(d.bob, { contracts: d.contracts, offer, signature, positionId: d.b2, shares: 15n });
      expect(await state(orderHash)).to.deep.equal({ filled: 45n, cancelled: false, voided: false });

      const cancelled = await cancelOrder(d.carol, { contracts: d.contracts, kind: "offer", order: offer });
      expect(cancelled.orderHash).to.equal(orderHash);
      expect(await state(orderHash)).to.deep.equal({ filled: 45n, cancelled: true, voided: false });

      // A signed listing bought in part (signListing sends nothing: alice approves the market herself).
      await d.alice.writeContract({
        address: d.contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "setApprovalForAll",
        args: [d.contracts.market!, true],
      });
      const listing = await signListing(d.alice, {
        contracts: d.contracts,
        positionId: d.a1,
        paymentToken: d.usdc.address,
        pricePerShare: 110n * USDC,
        minFill: 10n,
        expiry,
        salt: 2n,
      });
      expect(await state(listing.orderHash)).to.deep.equal(fresh);
      await buySignedListing(d.carol, {
        contracts: d.contracts,
        order: listing.order,
        signature: listing.signature,
        shares: 70n,
      });
      expect(await state(listing.orderHash)).to.deep.equal({ filled: 70n, cancelled: false, voided: false });

      // A second offer, voided when carol increments her counter (not cancelled, not filled).
      const offer2 = await signOffer(d.carol, {
        contracts: d.contracts,
        rigId: d.rigId,
        maxShares: 10n,
        paymentToken: d.usdc.address,
        pricePerShare: 200n * USDC,
        expiry,
        salt: 3n,
      });
      expect(await incrementCounter(d.carol, { contracts: d.contracts })).to.include({ counter: 1n });
      expect(await state(offer2.orderHash, { maker: carol, counter: offer2.offer.counter })).to.deep.equal({
        filled: 0n,
        cancelled: false,
        voided: true,
      });
      // Without the maker (or its counter) the counter cannot be checked.
      expect(await state(offer2.orderHash)).to.deep.equal(fresh);
      expect(await state(offer2.orderHash, { maker: carol })).to.deep.equal(fresh);
      // Another maker's counter did not move; an order on carol's new counter is not voided.
      expect(await state(offer2.orderHash, { maker: d.alice.account.address, counter: 0n })).to.deep.equal(fresh);
      expect(await state(offer2.orderHash, { maker: carol, counter: 1n })).to.deep.equal(fresh);
      // The earlier offer is both cancelled and voided now.
      expect(await state(orderHash, { maker: carol, counter: 0n })).to.deep.equal({
        filled: 45n,
        cancelled: true,
        voided: true,
      });
      // A hash no order has: nothing filled, nothing cancelled.
      expect(await state(`0x${"ab".repeat(32)}`)).to.deep.equal(fresh);
    });
  });

  describe("getEpochHistory", function () {
    /** A signed report of the rig's next epoch (190 TH/s, 98% uptime, 3,430 Wh), pushed by the operator. */
    async function settleEpoch(o: Awaited<ReturnType<typeof sdkOracleFixture>>, grossReward: bigint) {
      const rig = await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      await toEpochEnd(o, rig.nextEpoch, rig.epochLength);
      const report: EpochReport = {
        rigId: o.rigId,
        epoch: rig.nextEpoch,
        deliveredHashrate: 190n * TH,
        uptimeBps: 9_800n,
        grossReward,
        energyWh: 3_430n,
      };
      const signatures = await Promise.all(
        o.reporters.slice(0, Number(THRESHOLD)).map((r) => signEpochReport(r, { contracts: o.contracts, report })),
      );
      return pushEpochWithReport(o.operator, { contracts: o.contracts, report, signatures });
    }

    it("returns the epochs settled through the funder, newest first, as their EpochSettled events say", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const history = (extra: { limit?: number; maxBlockRange?: bigint; rigId?: bigint } = {}) =>
        getEpochHistory(o.publicClient, { contracts: o.contracts, rigId: o.rigId, ...extra });
      expect(await history()).to.deep.equal([]);

      const pushed: Awaited<ReturnType<typeof settleEpoch>>[] = [];
      for (const gross of [900n, 800n, 700n]) pushed.push(await settleEpoch(o, gross));
      const first = pushed[0].epoch;
      expect(pushed.map((p) => p.epoch)).to.deep.equal([first, first + 1n, first + 2n]);
      // Electricity 3,430 Wh × 60 sat/kWh = 205, fee 2% of gross, no SLA refund at 190 of 200 TH/s.
      const want = [
        { epoch: first + 2n, gross: 700n, electricity: 205n, serviceFee: 14n, net: 481n },
        { epoch: first + 1n, gross: 800n, electricity: 205n, serviceFee: 16n, net: 579n },
        { epoch: first, gross: 900n, electricity: 205n, serviceFee: 18n, net: 677n },
      ].map((b, i) => ({
        ...b,
        debtIn: 0n,
        debtOut: 0n,
        slaRefund: 0n,
        blockNumber: pushed[2 - i].receipt.blockNumber,
      }));

      const all = await history();
      expect(all).to.deep.equal(want);
      const { blockNumber: _, ...newest } = all[0];
      expect(newest).to.deep.equal(await getLastBreakdown(o.publicClient, { contracts: o.contracts, rigId: o.rigId }));
      // Each entry is its EpochSettled event, in the block that settled it.
      for (const [i, p] of [...pushed].reverse().entries()) {
        const [event] = parseEventLogs({ abi: epochFunderAbi, eventName: "EpochSettled", logs: p.receipt.logs });
        expect(event.args.rigId).to.equal(o.rigId);
        expect(event.args.epoch).to.equal(p.epoch);
        const { blockNumber, ...breakdown } = all[i];
        expect(breakdown).to.deep.equal(event.args.breakdown);
        expect(breakdown).to.deep.equal(p.breakdown);
        expect(blockNumber).to.equal(event.blockNumber);
      }

      expect(await history({ limit: 2 })).to.deep.equal(all.slice(0, 2));
      expect(await history({ limit: 1 })).to.deep.equal(all.slice(0, 1));
      expect(await history({ limit: 0 })).to.deep.equal([]);
      expect(await history({ maxBlockRange: 1n })).to.deep.equal(all);
      expect(await history({ maxBlockRange: 1n, limit: 2 })).to.deep.equal(all.slice(0, 2));
      expect(await history({ maxBlockRange: 2n })).to.deep.equal(all);
      // Blocks after the last push do not hide it.
      await networkHelpers.mine(5);
      expect(await history({ maxBlockRange: 1n, limit: 1 })).to.deep.equal(all.slice(0, 1));

      // A rig with no epochs (rig 2, registered after rig 1's pushes) has no history.
      const fresh = await registerRig(o.operator, {
        contracts: o.contracts,
        params: hourlyRigParams(o, { name: "Fresh" }),
      });
      expect(fresh.rigId).to.equal(2n);
      expect(await history({ rigId: fresh.rigId })).to.deep.equal([]);
      expect(await history({ rigId: fresh.rigId, maxBlockRange: 1n })).to.deep.equal([]);

      const { funder: _funder, ...legacy } = o.contracts;
      const error = await caught(() => getEpochHistory(o.publicClient, { contracts: legacy, rigId: o.rigId }));
      expect(error).to.be.instanceOf(MissingContractError);
    });
  });
});
