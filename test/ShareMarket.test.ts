// Behaviour tests of ShareMarket: deployment and admin (fee bounds, roles, pause), on-chain listings
// (validation, cancel, whole and partial buys with the exact seller + royalty + fee split, pull-payment
// withdrawals), EIP-712 signed listings and offers (signTypedData, partial fills tracked per order, cancel,
// counter), and rentals (listForRent / rent: user set, expiry, payment split). Reward routing of rentals
// is in test/rentals.test.ts; attacks on the market in test/marketAttacks.test.ts.
import { expect } from "chai";
import { TypedDataEncoder } from "ethers";
import { network } from "hardhat";

import type { FeeOnTransferERC20 } from "../typechain-types/index.js";
import {
  ALICE_SHARES,
  BOB_SHARES,
  DAY,
  LISTING_TYPES,
  MARKET_FEE_BPS,
  OFFER_TYPES,
  type MarketProtocol,
  listingOrder,
  marketFixture,
  marketStreamFixture,
  mined,
  nextPositionId,
  offerOrder,
  signListing,
  signOffer,
  soldEvents,
  splitOf,
  twoRigMarketFixture,
  updateUserEvents,
} from "./helpers/marketFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const ADMIN_ROLE = ethers.ZeroHash;
const PRICE = 10_000_000n; // 10 USDC per share
const UINT64_MAX = (1n << 64n) - 1n;
const UINT128_MAX = (1n << 128n) - 1n;
const FEE_INCREASE_DELAY = 7n * DAY;
const RAISED_FEE_BPS = 500n;

async function latest(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** Alice's whole position listed at 10 USDC a share, minimum fill 10, for a day. */
async function listedFixture() {
  const m = await loadFixture(marketFixture);
  const expiry = (await latest()) + DAY;
  await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 10n, expiry);
  return { ...m, expiry };
}

/** Balances of the payment token that a sale moves, for exact before/after comparisons. */
async function snapshot(m: MarketProtocol, buyer: string) {
  return {
    buyer: await m.usdc.balanceOf(buyer),
    market: await m.usdc.balanceOf(m.marketAddress),
    seller: await m.market.proceedsOf(m.alice.address, m.usdc),
    operator: await m.market.proceedsOf(m.operator.address, m.usdc),
    treasury: await m.market.proceedsOf(m.treasury.address, m.usdc),
  };
}

/** Asserts a sale of `price` paid by `buyer` was split exactly into Alice's, the operator's and the fee. */
async function expectSplit(
  m: MarketProtocol,
  before: Awaited<ReturnType<typeof snapshot>>,
  buyer: string,
  price: bigint,
) {
  const after = await snapshot(m, buyer);
  const split = splitOf(price);
  expect(before.buyer - after.buyer, "buyer paid").to.equal(price);
  expect(after.market - before.market, "market received").to.equal(price);
  expect(after.seller - before.seller, "seller's proceeds").to.equal(split.seller);
  expect(after.operator - before.operator, "royalty").to.equal(split.royalty);
  expect(after.treasury - before.treasury, "fee").to.equal(split.fee);
  expect(split.seller + split.royalty + split.fee).to.equal(price);
}

describe("ShareMarket", function () {
  describe("deployment and admin", function () {
    it("wires the fee, the treasury, the roles and the EIP-712 domain {Rigshare Market, 1}", async function () {
      const m = await loadFixture(marketFixture);
      expect(await m.market.fee()).to.deep.equal([MARKET_FEE_BPS, m.treasury.address]);
      expect(await m.market.MAX_FEE_BPS()).to.equal(500n);
      expect(await m.market.hasRole(ADMIN_ROLE, m.admin.address)).to.equal(true);
      expect(await m.market.hasRole(await m.market.PAUSER_ROLE(), m.admin.address)).to.equal(true);
      const domain = await m.market.eip712Domain();
      expect(domain.name).to.equal("Rigshare Market");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(m.chainId);
      expect(domain.verifyingContract).to.equal(m.marketAddress);
    });

    it("rejects a fee above 5% and a zero treasury at deployment", async function () {
      const m = await loadFixture(marketFixture);
      const factory = await ethers.getContractFactory("ShareMarket");
      await expect(factory.deploy(m.shares, 501, m.treasury.address, 0, m.admin.address))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
        .withArgs("feeBps");
      await expect(factory.deploy(m.shares, 100, ethers.ZeroAddress, 0, m.admin.address))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
        .withArgs("treasury");
    });

    it("lets the admin lower the fee and change the treasury at once, up to 500 bps, and nobody else", async function () {
      const m = await loadFixture(marketFixture);
      await expect(m.market.connect(m.admin).setFee(150, m.dave.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(150n, m.dave.address)
        .and.not.to.emit(m.market, "FeeIncreaseScheduled");
      expect(await m.market.fee()).to.deep.equal([150n, m.dave.address]);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);
      await expect(m.market.connect(m.admin).setFee(501, m.dave.address))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
        .withArgs("feeBps");
      await expect(m.market.connect(m.admin).setFee(100, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
        .withArgs("treasury");
      await expect(m.market.connect(m.admin).setFee(0, m.treasury.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(0n, m.treasury.address);
      expect(await m.market.fee()).to.deep.equal([0n, m.treasury.address]);
      for (const who of [m.operator, m.alice, m.treasury, m.stranger]) {
        for (const feeBps of [0n, 100n]) {
          await expect(m.market.connect(who).setFee(feeBps, who.address))
            .to.be.revertedWithCustomError(m.market, "AccessControlUnauthorizedAccount")
            .withArgs(who.address, ADMIN_ROLE);
        }
      }
      expect(await m.market.fee()).to.deep.equal([0n, m.treasury.address]);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("lets only PAUSER_ROLE pause and unpause", async function () {
      const m = await loadFixture(marketFixture);
      const role = await m.market.PAUSER_ROLE();
      for (const who of [m.operator, m.alice, m.treasury]) {
        await expect(m.market.connect(who).pause())
          .to.be.revertedWithCustomError(m.market, "AccessControlUnauthorizedAccount")
          .withArgs(who.address, role);
      }
      await m.market.connect(m.admin).grantRole(role, m.dave.address);
      await expect(m.market.connect(m.dave).pause()).to.emit(m.market, "Paused").withArgs(m.dave.address);
      await expect(m.market.connect(m.alice).unpause())
        .to.be.revertedWithCustomError(m.market, "AccessControlUnauthorizedAccount")
        .withArgs(m.alice.address, role);
      await expect(m.market.connect(m.admin).unpause()).to.emit(m.market, "Unpaused").withArgs(m.admin.address);
    });

    it("charges the fee in force at the fill and rounds it down (the seller keeps the fraction)", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.admin).setFee(333, m.treasury.address);
      await time.increase(FEE_INCREASE_DELAY);
      // 3 shares at 3.333333 USDC = 9.999999 USDC: fee ⌊3.33 %⌋ = 332,999, royalty ⌊5 %⌋ = 499,999.
      const [seller, receiver, royalty, fee] = await m.market.quote(m.aliceId, 9_999_999n);
      expect([seller, receiver, royalty, fee]).to.deep.equal([9_167_001n, m.operator.address, 499_999n, 332_999n]);
      expect(seller + royalty + fee).to.equal(9_999_999n);
    });
  });

  describe("fee increases: scheduled FEE_INCREASE_DELAY ahead, decreases at once", function () {
    it("schedules an increase: FeeIncreaseScheduled, pendingFee, fee() unchanged until effectiveAt", async function () {
      const m = await loadFixture(marketFixture);
      expect(await m.market.FEE_INCREASE_DELAY()).to.equal(604_800n);
      const at = (await latest()) + 100n;
      const effectiveAt = at + FEE_INCREASE_DELAY;
      await time.setNextBlockTimestamp(at);
      // The treasury applies at once; FeeChanged reports the fee still in force with it.
      await expect(m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.dave.address))
        .to.emit(m.market, "FeeIncreaseScheduled")
        .withArgs(RAISED_FEE_BPS, effectiveAt)
        .and.to.emit(m.market, "FeeChanged")
        .withArgs(MARKET_FEE_BPS, m.dave.address);
      expect(await m.market.fee()).to.deep.equal([MARKET_FEE_BPS, m.dave.address]);
      expect(await m.market.pendingFee()).to.deep.equal([RAISED_FEE_BPS, effectiveAt]);
      expect((await m.market.quote(m.aliceId, 1_000_000n)).fee_).to.equal(20_000n);

      await time.increaseTo(effectiveAt - 1n);
      expect(await m.market.fee()).to.deep.equal([MARKET_FEE_BPS, m.dave.address]);
      expect(await m.market.pendingFee()).to.deep.equal([RAISED_FEE_BPS, effectiveAt]);
      await time.increaseTo(effectiveAt);
      expect(await m.market.fee()).to.deep.equal([RAISED_FEE_BPS, m.dave.address]);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);
      expect((await m.market.quote(m.aliceId, 1_000_000n)).fee_).to.equal(50_000n);
    });

    it("buy: a fill at effectiveAt − 1 pays the old 2%, one at effectiveAt the new 5%, to the wei", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, (await latest()) + 30n * DAY);
      await m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address);
      const effectiveAt = (await latest()) + FEE_INCREASE_DELAY;
      const price = 100n * PRICE;

      await time.setNextBlockTimestamp(effectiveAt - 1n);
      let before = await snapshot(m, m.carol.address);
      let receipt = await mined(m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE));
      expect(soldEvents(m, receipt).map((e) => [e.price, e.royalty, e.fee])).to.deep.equal([
        [price, 50_000_000n, 20_000_000n],
      ]);
      await expectSplit(m, before, m.carol.address, price);

      await time.setNextBlockTimestamp(effectiveAt);
      before = await snapshot(m, m.carol.address);
      receipt = await mined(m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE));
      expect(soldEvents(m, receipt).map((e) => [e.price, e.royalty, e.fee])).to.deep.equal([
        [price, 50_000_000n, 50_000_000n],
      ]);
      const after = await snapshot(m, m.carol.address);
      expect(after.seller - before.seller, "seller's proceeds at 5%").to.equal(900_000_000n);
      expect(after.operator - before.operator, "royalty").to.equal(50_000_000n);
      expect(after.treasury - before.treasury, "fee at 5%").to.equal(50_000_000n);
      expect(splitOf(price, undefined, RAISED_FEE_BPS)).to.deep.equal({
        fee: 50_000_000n,
        royalty: 50_000_000n,
        seller: 900_000_000n,
      });
    });

    it("buySigned and fillOffer: fills before effectiveAt pay the old fee, fills from effectiveAt on the new one", async function () {
      const m = await loadFixture(marketFixture);
      const expiry = (await latest()) + 30n * DAY;
      const order = await listingOrder(m, m.alice, m.aliceId, { expiry });
      const orderSignature = await signListing(m, m.alice, order);
      const offer = await offerOrder(m, m.carol, { expiry, maxShares: 100n });
      const offerSignature = await signOffer(m, m.carol, offer);
      await m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address);
      const effectiveAt = (await latest()) + FEE_INCREASE_DELAY;
      const treasuryProceeds = () => m.market.proceedsOf(m.treasury.address, m.usdc);

      // 50 shares at 10 USDC = 500 USDC; 50 at the offer's 12 USDC = 600 USDC.
      const fills = [
        {
          at: effectiveAt - 2n,
          fill: () => m.market.connect(m.dave).buySigned(order, orderSignature, 50n, PRICE),
          fee: 10_000_000n,
        },
        {
          at: effectiveAt - 1n,
          fill: () => m.market.connect(m.bob).fillOffer(offer, offerSignature, m.bobId, 50n, 0n),
          fee: 12_000_000n,
        },
        {
          at: effectiveAt,
          fill: () => m.market.connect(m.dave).buySigned(order, orderSignature, 50n, PRICE),
          fee: 25_000_000n,
        },
        {
          at: effectiveAt + 1n,
          fill: () => m.market.connect(m.bob).fillOffer(offer, offerSignature, m.bobId, 50n, 0n),
          fee: 30_000_000n,
        },
      ];
      for (const { at, fill, fee } of fills) {
        await time.setNextBlockTimestamp(at);
        const before = await treasuryProceeds();
        const [sold] = soldEvents(m, await mined(fill()));
        expect(sold.fee, `fee at ${at - effectiveAt}s from effectiveAt`).to.equal(fee);
        expect(sold.royalty).to.equal(sold.price / 20n);
        expect((await treasuryProceeds()) - before).to.equal(fee);
      }
      // Bob sold 2 × 600 USDC into the offer: less fees of 2% and 5% and the 5% royalty on both.
      expect(await m.market.proceedsOf(m.bob.address, m.usdc)).to.equal(
        1_200_000_000n - 12_000_000n - 30_000_000n - 60_000_000n,
      );
      // Alice sold 2 × 500 USDC through her signed listing.
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(
        1_000_000_000n - 10_000_000n - 25_000_000n - 50_000_000n,
      );
    });

    it("rent: a rental at effectiveAt − 1 pays the old 2%, one at effectiveAt the new 5%, to the wei", async function () {
      const m = await loadFixture(marketFixture);
      const expiry = (await latest()) + 30n * DAY;
      const perDay = 3_333_333n;
      await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, perDay, 1n, 10n, expiry);
      await m.market.connect(m.bob).listForRent(m.bobId, m.usdc, perDay, 1n, 10n, expiry);
      await m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address);
      const effectiveAt = (await latest()) + FEE_INCREASE_DELAY;
      const price = 3n * perDay; // 9.999999 USDC: 2% = 199,999.98, 5% = 499,999.95, both rounded down

      await time.setNextBlockTimestamp(effectiveAt - 1n);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 3n, perDay))
        .to.emit(m.market, "Rented")
        .withArgs(m.aliceId, m.carol.address, effectiveAt - 1n + 3n * DAY, price, 199_999n);
      await time.setNextBlockTimestamp(effectiveAt);
      await expect(m.market.connect(m.carol).rent(m.bobId, 3n, perDay))
        .to.emit(m.market, "Rented")
        .withArgs(m.bobId, m.carol.address, effectiveAt + 3n * DAY, price, 499_999n);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(price - 199_999n);
      expect(await m.market.proceedsOf(m.bob.address, m.usdc)).to.equal(price - 499_999n);
      expect(await m.market.proceedsOf(m.treasury.address, m.usdc)).to.equal(199_999n + 499_999n);
    });

    it("applies a decrease at once and drops a pending increase; setting the fee in force cancels one too", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address);
      const firstEffectiveAt = (await latest()) + FEE_INCREASE_DELAY;
      await expect(m.market.connect(m.admin).setFee(100, m.treasury.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(100n, m.treasury.address)
        .and.not.to.emit(m.market, "FeeIncreaseScheduled");
      expect(await m.market.fee()).to.deep.equal([100n, m.treasury.address]);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);

      await m.market.connect(m.admin).setFee(300, m.treasury.address);
      expect((await m.market.pendingFee())[0]).to.equal(300n);
      // The admin takes the increase back by setting the fee in force again.
      await expect(m.market.connect(m.admin).setFee(100, m.treasury.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(100n, m.treasury.address);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);

      // Neither increase ever applies: a sale long after pays 1%.
      await time.increaseTo(firstEffectiveAt + FEE_INCREASE_DELAY);
      expect(await m.market.fee()).to.deep.equal([100n, m.treasury.address]);
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, (await latest()) + DAY);
      const [sold] = soldEvents(m, await mined(m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE)));
      expect(sold.fee).to.equal(10_000_000n);
    });

    it("restarts the delay when a second increase replaces a pending one", async function () {
      const m = await loadFixture(marketFixture);
      const t0 = (await latest()) + 10n;
      await time.setNextBlockTimestamp(t0);
      await m.market.connect(m.admin).setFee(300, m.treasury.address);
      await time.setNextBlockTimestamp(t0 + 3n * DAY);
      await expect(m.market.connect(m.admin).setFee(400, m.treasury.address))
        .to.emit(m.market, "FeeIncreaseScheduled")
        .withArgs(400n, t0 + 3n * DAY + FEE_INCREASE_DELAY);
      const effectiveAt = t0 + 3n * DAY + FEE_INCREASE_DELAY;
      expect(await m.market.pendingFee()).to.deep.equal([400n, effectiveAt]);

      // The first increase's time passes without effect: the fee stays 2% until the second one's.
      await time.increaseTo(t0 + FEE_INCREASE_DELAY);
      expect((await m.market.fee())[0]).to.equal(MARKET_FEE_BPS);
      await time.increaseTo(effectiveAt - 1n);
      expect((await m.market.fee())[0]).to.equal(MARKET_FEE_BPS);
      await time.increaseTo(effectiveAt);
      expect((await m.market.fee())[0]).to.equal(400n);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("keeps an increase that came into force while scheduling the next one, and measures a decrease from it", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.admin).setFee(300, m.treasury.address);
      await time.increase(FEE_INCREASE_DELAY);
      expect((await m.market.fee())[0]).to.equal(300n);

      // 300 is in force: a raise to 500 keeps charging 300 (not the 200 stored before it) during its delay.
      await expect(m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(300n, m.treasury.address);
      expect((await m.market.fee())[0]).to.equal(300n);
      expect((await m.market.quote(m.aliceId, 1_000_000n)).fee_).to.equal(30_000n);

      // 250 is below the 300 in force: a decrease, at once (though above the 200 set at deployment).
      await expect(m.market.connect(m.admin).setFee(250, m.treasury.address))
        .to.emit(m.market, "FeeChanged")
        .withArgs(250n, m.treasury.address)
        .and.not.to.emit(m.market, "FeeIncreaseScheduled");
      expect(await m.market.fee()).to.deep.equal([250n, m.treasury.address]);
      expect(await m.market.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("lets nobody but the admin schedule or cancel an increase", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.admin).setFee(RAISED_FEE_BPS, m.treasury.address);
      const pending = await m.market.pendingFee();
      for (const who of [m.operator, m.alice, m.treasury, m.stranger]) {
        for (const feeBps of [0n, MARKET_FEE_BPS, 400n]) {
          await expect(m.market.connect(who).setFee(feeBps, m.treasury.address))
            .to.be.revertedWithCustomError(m.market, "AccessControlUnauthorizedAccount")
            .withArgs(who.address, ADMIN_ROLE);
        }
      }
      await expect(m.market.connect(m.admin).setFee(501, m.treasury.address))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
        .withArgs("feeBps");
      expect(await m.market.pendingFee()).to.deep.equal(pending);
      expect(await m.market.fee()).to.deep.equal([MARKET_FEE_BPS, m.treasury.address]);
    });
  });

  describe("list", function () {
    it("lists the whole position at its current version and emits Listed", async function () {
      const m = await loadFixture(marketFixture);
      const expiry = (await latest()) + DAY;
      const receipt = await mined(m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 10n, expiry));
      const l = await m.market.listing(m.aliceId);
      expect([l.seller, l.shares, l.version, l.paymentToken, l.expiry, l.pricePerShare, l.minFill]).to.deep.equal([
        m.alice.address,
        ALICE_SHARES,
        0n,
        await m.usdc.getAddress(),
        expiry,
        PRICE,
        10n,
      ]);
      const log = m.market.interface.parseLog(receipt.logs[0])!;
      expect(log.name).to.equal("Listed");
      expect(log.args[0]).to.equal(m.aliceId);
      expect(log.args[1]).to.equal(m.alice.address);
      expect([...log.args[2]]).to.deep.equal([...l]);
    });

    it("rejects a caller who does not own the position, or an unminted id, with MarketNotOwner", async function () {
      const m = await loadFixture(marketFixture);
      const expiry = (await latest()) + DAY;
      await expect(m.market.connect(m.bob).list(m.aliceId, m.usdc, PRICE, 1n, expiry))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.bob.address);
      const unminted = nextPositionId(m.rigId, 99n);
      await expect(m.market.connect(m.bob).list(unminted, m.usdc, PRICE, 1n, expiry))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(unminted, m.bob.address);
    });

    it("rejects a seller who has not approved the market with MarketNotApproved", async function () {
      const m = await loadFixture(marketFixture);
      await m.shares.connect(m.alice).setApprovalForAll(m.marketAddress, false);
      await expect(m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, (await latest()) + DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNotApproved")
        .withArgs(m.alice.address);
    });

    it("rejects a zero token, a price of 0 or above uint128, a minimum fill of 0 or above the shares, and a bad expiry", async function () {
      const m = await loadFixture(marketFixture);
      const now = await latest();
      const cases: [string, Parameters<typeof m.market.list>][] = [
        ["paymentToken", [m.aliceId, ethers.ZeroAddress, PRICE, 1n, now + DAY]],
        ["pricePerShare", [m.aliceId, m.usdc, 0n, 1n, now + DAY]],
        ["pricePerShare", [m.aliceId, m.usdc, UINT128_MAX + 1n, 1n, now + DAY]],
        ["minFill", [m.aliceId, m.usdc, PRICE, 0n, now + DAY]],
        ["minFill", [m.aliceId, m.usdc, PRICE, ALICE_SHARES + 1n, now + DAY]],
        ["expiry", [m.aliceId, m.usdc, PRICE, 1n, now + 1n]], // mined at now + 1: not in the future
        ["expiry", [m.aliceId, m.usdc, PRICE, 1n, UINT64_MAX + 1n]],
      ];
      for (const [what, args] of cases) {
        await expect(m.market.connect(m.alice).list(...args), what)
          .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
          .withArgs(what);
      }
      // The bounds themselves are accepted.
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, UINT128_MAX, ALICE_SHARES, UINT64_MAX);
      expect((await m.market.listing(m.aliceId)).minFill).to.equal(ALICE_SHARES);
    });

    it("replaces the old terms when the seller lists again", async function () {
      const m = await listedFixture();
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE * 2n, 1n, m.expiry);
      expect((await m.market.listing(m.aliceId)).pricePerShare).to.equal(PRICE * 2n);
      await expect(m.market.connect(m.bob).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(PRICE * 2n, PRICE);
    });
  });

  describe("cancelListing", function () {
    it("lets the seller cancel: ListingCancelled, the listing is zeroed and cannot be bought", async function () {
      const m = await listedFixture();
      await expect(m.market.connect(m.alice).cancelListing(m.aliceId))
        .to.emit(m.market, "ListingCancelled")
        .withArgs(m.aliceId);
      expect((await m.market.listing(m.aliceId)).seller).to.equal(ethers.ZeroAddress);
      await expect(m.market.connect(m.bob).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
    });

    it("rejects a cancel by anyone but the seller, and of a position never listed, with MarketNoListing", async function () {
      const m = await listedFixture();
      await expect(m.market.connect(m.bob).cancelListing(m.aliceId))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
      await expect(m.market.connect(m.bob).cancelListing(m.bobId))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.bobId);
      expect((await m.market.listing(m.aliceId)).seller).to.equal(m.alice.address);
    });
  });

  describe("buy", function () {
    it("sells the whole position: the buyer gets the same id, the listing ends, the price splits exactly", async function () {
      const m = await listedFixture();
      const before = await snapshot(m, m.carol.address);
      const receipt = await mined(m.market.connect(m.carol).buy(m.aliceId, ALICE_SHARES, PRICE));
      const price = ALICE_SHARES * PRICE;
      const split = splitOf(price);
      expect(split).to.deep.equal({ fee: 80_000_000n, royalty: 200_000_000n, seller: 3_720_000_000n });
      expect(soldEvents(m, receipt)).to.deep.equal([
        {
          positionId: m.aliceId,
          boughtId: m.aliceId,
          seller: m.alice.address,
          buyer: m.carol.address,
          shares: ALICE_SHARES,
          price,
          royalty: split.royalty,
          fee: split.fee,
        },
      ]);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.carol.address);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(ALICE_SHARES);
      expect((await m.market.listing(m.aliceId)).seller).to.equal(ethers.ZeroAddress);
      await expectSplit(m, before, m.carol.address, price);
    });

    it("sells part of the position: a new position for the buyer, the rest stays listed at the new version", async function () {
      const m = await listedFixture();
      const before = await snapshot(m, m.carol.address);
      const boughtId = nextPositionId(m.rigId, 3n);
      expect(await m.market.connect(m.carol).buy.staticCall(m.aliceId, 150n, PRICE)).to.equal(boughtId);
      const receipt = await mined(m.market.connect(m.carol).buy(m.aliceId, 150n, PRICE));
      expect(soldEvents(m, receipt).map((e) => [e.positionId, e.boughtId, e.shares, e.price])).to.deep.equal([
        [m.aliceId, boughtId, 150n, 150n * PRICE],
      ]);
      expect(await m.shares.ownerOf(boughtId)).to.equal(m.carol.address);
      expect(await m.distributor.sharesOf(boughtId)).to.equal(150n);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.alice.address);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(250n);
      const pos = await m.distributor.position(m.aliceId);
      expect(pos.version).to.equal(1n);
      const l = await m.market.listing(m.aliceId);
      expect([l.seller, l.shares, l.version, l.pricePerShare, l.minFill]).to.deep.equal([
        m.alice.address,
        250n,
        1n,
        PRICE,
        10n,
      ]);
      await expectSplit(m, before, m.carol.address, 150n * PRICE);

      // A second partial fill and then the rest (below the minimum fill, but all that is left).
      await m.market.connect(m.dave).buy(m.aliceId, 245n, PRICE);
      expect((await m.market.listing(m.aliceId)).shares).to.equal(5n);
      expect((await m.market.listing(m.aliceId)).version).to.equal(2n);
      const last = await mined(m.market.connect(m.bob).buy(m.aliceId, 5n, PRICE));
      expect(soldEvents(m, last)[0].boughtId).to.equal(m.aliceId);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.bob.address);
      expect((await m.market.listing(m.aliceId)).seller).to.equal(ethers.ZeroAddress);
      // 150 + 245 + 5 shares sold: the seller's proceeds are exactly 93% of 400 × 10 USDC.
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(splitOf(ALICE_SHARES * PRICE).seller);
    });

    it("rejects 0 shares, a fill below the minimum that is not all that is left, and more than listed", async function () {
      const m = await listedFixture();
      for (const shares of [0n, 9n, ALICE_SHARES + 1n]) {
        await expect(m.market.connect(m.carol).buy(m.aliceId, shares, PRICE))
          .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
          .withArgs(shares, ALICE_SHARES);
      }
      await m.market.connect(m.carol).buy(m.aliceId, 395n, PRICE);
      // 5 < minFill 10, but it is everything left.
      await m.market.connect(m.carol).buy(m.aliceId, 5n, PRICE);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.carol.address);
    });

    it("rejects a price above the buyer's maximum with MarketPriceMoved(price, limit)", async function () {
      const m = await listedFixture();
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE - 1n))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(PRICE, PRICE - 1n);
    });

    it("fills up to the expiry second and rejects after it with MarketExpired", async function () {
      const m = await listedFixture();
      await time.setNextBlockTimestamp(m.expiry);
      await m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE);
      await time.setNextBlockTimestamp(m.expiry + 1n);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketExpired")
        .withArgs(m.expiry);
    });

    it("rejects a position that is not listed with MarketNoListing", async function () {
      const m = await listedFixture();
      await expect(m.market.connect(m.carol).buy(m.bobId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.bobId);
    });

    it("reverts without the buyer's allowance and changes nothing", async function () {
      const m = await listedFixture();
      await m.usdc.connect(m.carol).approve(m.marketAddress, 0n);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE)).to.be.revertedWithCustomError(
        m.usdc,
        "ERC20InsufficientAllowance",
      );
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.alice.address);
      expect((await m.market.listing(m.aliceId)).shares).to.equal(ALICE_SHARES);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(0n);
    });

    it("keeps the rewards accrued before the sale with the seller and starts the buyer at zero", async function () {
      const m = await loadFixture(marketStreamFixture);
      const expiry = (await latest()) + DAY;
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, expiry);
      // 1 sat per share per second: 400 shares × 5,000 s.
      await time.setNextBlockTimestamp(m.pushedAt + 5_000n);
      await m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(400n * 5_000n);
      const boughtId = nextPositionId(m.rigId, 3n);
      expect(await m.distributor.pendingReward(boughtId)).to.equal(0n);
      expect(await m.distributor.pendingReward(m.aliceId)).to.equal(0n);
      await time.increaseTo(m.pushedAt + 6_000n);
      expect(await m.distributor.pendingReward(boughtId)).to.equal(100n * 1_000n);
      expect(await m.distributor.pendingReward(m.aliceId)).to.equal(300n * 1_000n);
    });
  });

  describe("withdraw", function () {
    it("pays each party its proceeds once: seller, royalty receiver and treasury, together the price", async function () {
      const m = await listedFixture();
      await m.market.connect(m.carol).buy(m.aliceId, 37n, PRICE);
      const split = splitOf(37n * PRICE);
      for (const [who, amount] of [
        [m.alice, split.seller],
        [m.operator, split.royalty],
        [m.treasury, split.fee],
      ] as const) {
        await expect(m.market.connect(who).withdraw(m.usdc))
          .to.emit(m.market, "Withdrawn")
          .withArgs(who.address, await m.usdc.getAddress(), amount);
        expect(await m.market.proceedsOf(who.address, m.usdc)).to.equal(0n);
        await expect(m.market.connect(who).withdraw(m.usdc)).to.be.revertedWithCustomError(
          m.market,
          "MarketNothingToWithdraw",
        );
      }
      expect(await m.usdc.balanceOf(m.marketAddress)).to.equal(0n);
    });

    it("moves exactly the proceeds into the payee's wallet", async function () {
      const m = await listedFixture();
      await m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE);
      await expect(m.market.connect(m.alice).withdraw(m.usdc)).to.changeTokenBalances(
        ethers,
        m.usdc,
        [m.alice, m.market],
        [splitOf(10n * PRICE).seller, -splitOf(10n * PRICE).seller],
      );
    });
  });

  describe("buySigned", function () {
    it("hashes orders as EIP-712 typed data: hashListing and digest match ethers' TypedDataEncoder", async function () {
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const offer = await offerOrder(m, m.carol);
      expect(await m.market.hashListing(order)).to.equal(
        TypedDataEncoder.hashStruct("SignedListing", LISTING_TYPES, order),
      );
      expect(await m.market.hashOffer(offer)).to.equal(TypedDataEncoder.hashStruct("Offer", OFFER_TYPES, offer));
      expect(await m.market.digest(await m.market.hashListing(order))).to.equal(
        TypedDataEncoder.hash(m.domain, LISTING_TYPES, order),
      );
      expect(await m.market.LISTING_TYPEHASH()).to.equal(
        ethers.id(TypedDataEncoder.from(LISTING_TYPES).encodeType("SignedListing")),
      );
      expect(await m.market.OFFER_TYPEHASH()).to.equal(
        ethers.id(TypedDataEncoder.from(OFFER_TYPES).encodeType("Offer")),
      );
    });

    it("fills a whole signed listing: same id to the buyer, the order marked filled, the price split exactly", async function () {
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      const before = await snapshot(m, m.carol.address);
      const receipt = await mined(m.market.connect(m.carol).buySigned(order, signature, ALICE_SHARES, PRICE));
      expect(soldEvents(m, receipt).map((e) => [e.boughtId, e.buyer, e.shares])).to.deep.equal([
        [m.aliceId, m.carol.address, ALICE_SHARES],
      ]);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.carol.address);
      const state = await m.market.orderState(await m.market.hashListing(order));
      expect([state.filled, state.version, state.cancelled]).to.deep.equal([ALICE_SHARES, 0n, false]);
      await expectSplit(m, before, m.carol.address, ALICE_SHARES * PRICE);
    });

    it("tracks partial fills per order, with the version the market's own split leaves", async function () {
      const m = await loadFixture(marketFixture);
      // 300 of Alice's 400 shares, at least 20 a fill.
      const order = await listingOrder(m, m.alice, m.aliceId, { shares: 300n, minFill: 20n });
      const signature = await signListing(m, m.alice, order);
      const hash = await m.market.hashListing(order);
      await m.market.connect(m.carol).buySigned(order, signature, 100n, PRICE);
      let state = await m.market.orderState(hash);
      expect([state.filled, state.version]).to.deep.equal([100n, 1n]);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(300n);
      expect(await m.distributor.sharesOf(nextPositionId(m.rigId, 3n))).to.equal(100n);

      await m.market.connect(m.dave).buySigned(order, signature, 150n, PRICE);
      state = await m.market.orderState(hash);
      expect([state.filled, state.version]).to.deep.equal([250n, 2n]);
      // 50 left of the order: 51 is too many, 19 below the minimum fill; 50 fills it.
      for (const shares of [51n, 19n]) {
        await expect(m.market.connect(m.dave).buySigned(order, signature, shares, PRICE))
          .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
          .withArgs(shares, 50n);
      }
      await m.market.connect(m.dave).buySigned(order, signature, 50n, PRICE);
      await expect(m.market.connect(m.dave).buySigned(order, signature, 1n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(1n, 0n);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(100n);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(
        splitOf(100n * PRICE).seller + splitOf(150n * PRICE).seller + splitOf(50n * PRICE).seller,
      );
    });

    it("lets the seller cancel an order: OrderCancelled, then MarketOrderCancelled; nobody else can", async function () {
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      const hash = await m.market.hashListing(order);
      await expect(m.market.connect(m.bob).cancelSignedListing(order))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.bob.address);
      await expect(m.market.connect(m.alice).cancelSignedListing(order))
        .to.emit(m.market, "OrderCancelled")
        .withArgs(hash);
      expect((await m.market.orderState(hash)).cancelled).to.equal(true);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(hash);
    });

    it("voids every order signed before a counter bump, and accepts orders signed on the new counter", async function () {
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      await expect(m.market.connect(m.alice).incrementCounter())
        .to.emit(m.market, "CounterIncremented")
        .withArgs(m.alice.address, 1n);
      expect(await m.market.counterOf(m.alice.address)).to.equal(1n);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashListing(order));
      const fresh = await listingOrder(m, m.alice, m.aliceId);
      expect(fresh.counter).to.equal(1n);
      await m.market.connect(m.carol).buySigned(fresh, await signListing(m, m.alice, fresh), 10n, PRICE);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(390n);
    });

    it("rejects a signature by anyone but the seller with MarketInvalidSignature", async function () {
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      await expect(
        m.market.connect(m.carol).buySigned(order, await signListing(m, m.bob, order), 10n, PRICE),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
      // A valid signature of other terms does not cover these.
      const signature = await signListing(m, m.alice, order);
      await expect(
        m.market.connect(m.carol).buySigned({ ...order, pricePerShare: 1n }, signature, 10n, PRICE),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
    });

    it("rejects an expired order, a price above the buyer's maximum, and a signer who no longer owns it", async function () {
      const m = await loadFixture(marketFixture);
      const now = await latest();
      const order = await listingOrder(m, m.alice, m.aliceId, { expiry: now + 100n });
      const signature = await signListing(m, m.alice, order);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 10n, PRICE - 1n))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(PRICE, PRICE - 1n);
      await m.shares.connect(m.alice).transferFrom(m.alice.address, m.dave.address, m.aliceId);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.alice.address);
      await time.setNextBlockTimestamp(now + 101n);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketExpired")
        .withArgs(now + 100n);
    });

    it("caps what a signed listing sells at the shares the position still holds", async function () {
      const m = await loadFixture(marketFixture);
      // Signed for 400 shares; Alice then sells 300 of them elsewhere (a fresh order on the new version).
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, (await latest()) + DAY);
      await m.market.connect(m.carol).buy(m.aliceId, 300n, PRICE);
      // The signed order was for version 0; the position is now at version 1.
      await expect(m.market.connect(m.dave).buySigned(order, signature, 100n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      const fresh = await listingOrder(m, m.alice, m.aliceId, { shares: 400n, salt: 2n });
      const freshSignature = await signListing(m, m.alice, fresh);
      await expect(m.market.connect(m.dave).buySigned(fresh, freshSignature, 101n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(101n, 100n);
      await m.market.connect(m.dave).buySigned(fresh, freshSignature, 100n, PRICE);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.dave.address);
    });
  });

  describe("fillOffer", function () {
    it("sells part of a position into an offer: a new position for the buyer, the offer's fill tracked", async function () {
      const m = await loadFixture(marketFixture);
      const offer = await offerOrder(m, m.carol, { maxShares: 150n });
      const signature = await signOffer(m, m.carol, offer);
      const hash = await m.market.hashOffer(offer);
      const before = await m.usdc.balanceOf(m.carol.address);
      const receipt = await mined(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, 60n, 12_000_000n));
      const boughtId = nextPositionId(m.rigId, 3n);
      expect(soldEvents(m, receipt).map((e) => [e.positionId, e.boughtId, e.seller, e.buyer, e.shares])).to.deep.equal([
        [m.bobId, boughtId, m.bob.address, m.carol.address, 60n],
      ]);
      expect(await m.shares.ownerOf(boughtId)).to.equal(m.carol.address);
      expect(await m.distributor.sharesOf(m.bobId)).to.equal(BOB_SHARES - 60n);
      expect((await m.market.orderState(hash)).filled).to.equal(60n);
      const price = 60n * 12_000_000n;
      expect(before - (await m.usdc.balanceOf(m.carol.address))).to.equal(price);
      expect(await m.market.proceedsOf(m.bob.address, m.usdc)).to.equal(splitOf(price).seller);
      expect(await m.market.proceedsOf(m.operator.address, m.usdc)).to.equal(splitOf(price).royalty);
      expect(await m.market.proceedsOf(m.treasury.address, m.usdc)).to.equal(splitOf(price).fee);

      // A second seller fills the 90 left with a whole 90-share position; nothing is left after that.
      const ninety = await m.shares.connect(m.alice).split.staticCall(m.aliceId, 90n);
      await m.shares.connect(m.alice).split(m.aliceId, 90n);
      await expect(m.market.connect(m.alice).fillOffer(offer, signature, ninety, 91n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(91n, 90n);
      const whole = await mined(m.market.connect(m.alice).fillOffer(offer, signature, ninety, 90n, 0n));
      expect(soldEvents(m, whole)[0].boughtId).to.equal(ninety);
      expect(await m.shares.ownerOf(ninety)).to.equal(m.carol.address);
      expect((await m.market.orderState(hash)).filled).to.equal(150n);
      await expect(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, 1n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(1n, 0n);
    });

    it("rejects 0 shares and more than the position holds", async function () {
      const m = await loadFixture(marketFixture);
      const offer = await offerOrder(m, m.carol, { maxShares: 1_000n });
      const signature = await signOffer(m, m.carol, offer);
      for (const shares of [0n, BOB_SHARES + 1n]) {
        await expect(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, shares, 0n))
          .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
          .withArgs(shares, BOB_SHARES);
      }
    });

    it("rejects a position of another rig with MarketWrongRig", async function () {
      const m = await loadFixture(twoRigMarketFixture);
      const offer = await offerOrder(m, m.carol);
      const signature = await signOffer(m, m.carol, offer);
      await expect(m.market.connect(m.alice).fillOffer(offer, signature, m.aliceOtherId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketWrongRig")
        .withArgs(m.aliceOtherId, m.rigId);
    });

    it("rejects an offer below the seller's minimum price with MarketPriceMoved(price, limit)", async function () {
      const m = await loadFixture(marketFixture);
      const offer = await offerOrder(m, m.carol);
      const signature = await signOffer(m, m.carol, offer);
      await expect(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, 10n, 12_000_001n))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(12_000_000n, 12_000_001n);
    });

    it("rejects a caller who does not own the position with MarketNotOwner", async function () {
      const m = await loadFixture(marketFixture);
      const offer = await offerOrder(m, m.carol);
      const signature = await signOffer(m, m.carol, offer);
      await expect(m.market.connect(m.dave).fillOffer(offer, signature, m.bobId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.bobId, m.dave.address);
    });

    it("lets only the buyer cancel an offer, and a cancelled or counter-voided offer cannot fill", async function () {
      const m = await loadFixture(marketFixture);
      const offer = await offerOrder(m, m.carol);
      const signature = await signOffer(m, m.carol, offer);
      const hash = await m.market.hashOffer(offer);
      await expect(m.market.connect(m.bob).cancelOffer(offer))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(0n, m.bob.address);
      await expect(m.market.connect(m.carol).cancelOffer(offer)).to.emit(m.market, "OrderCancelled").withArgs(hash);
      await expect(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(hash);

      const second = await offerOrder(m, m.carol, { salt: 2n });
      const secondSignature = await signOffer(m, m.carol, second);
      await m.market.connect(m.carol).incrementCounter();
      await expect(m.market.connect(m.bob).fillOffer(second, secondSignature, m.bobId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashOffer(second));
    });

    it("rejects an expired offer and one signed by someone else than its buyer", async function () {
      const m = await loadFixture(marketFixture);
      const now = await latest();
      const offer = await offerOrder(m, m.carol, { expiry: now + 50n });
      await expect(
        m.market.connect(m.bob).fillOffer(offer, await signOffer(m, m.dave, offer), m.bobId, 10n, 0n),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
      const signature = await signOffer(m, m.carol, offer);
      await time.setNextBlockTimestamp(now + 51n);
      await expect(m.market.connect(m.bob).fillOffer(offer, signature, m.bobId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketExpired")
        .withArgs(now + 50n);
    });
  });

  describe("rentals: listForRent, cancelRentalListing and rent", function () {
    const PER_DAY = 3_333_333n; // 3.333333 USDC a day

    it("rents the position: user set until now + days × 86,400, the payment split into owner + fee exactly", async function () {
      const m = await loadFixture(marketFixture);
      const listingExpiry = (await latest()) + 10n * DAY;
      await expect(m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 2n, 30n, listingExpiry)).to.emit(
        m.market,
        "ListedForRent",
      );
      const l = await m.market.rentalListing(m.aliceId);
      expect([l.owner, l.version, l.expiry, l.paymentToken, l.minDays, l.maxDays, l.pricePerDay]).to.deep.equal([
        m.alice.address,
        0n,
        listingExpiry,
        await m.usdc.getAddress(),
        2n,
        30n,
        PER_DAY,
      ]);

      const start = (await latest()) + 100n;
      const days = 7n;
      const expires = start + days * DAY;
      const price = days * PER_DAY;
      const fee = (price * MARKET_FEE_BPS) / 10_000n;
      expect(fee).to.equal(466_666n);
      const carolBefore = await m.usdc.balanceOf(m.carol.address);
      await time.setNextBlockTimestamp(start);
      const tx = m.market.connect(m.carol).rent(m.aliceId, days, PER_DAY);
      await expect(tx).to.emit(m.market, "Rented").withArgs(m.aliceId, m.carol.address, expires, price, fee);
      expect(updateUserEvents(m, await mined(tx))).to.deep.equal([[m.aliceId, m.carol.address, expires]]);
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.carol.address);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(expires);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.alice.address);
      expect(carolBefore - (await m.usdc.balanceOf(m.carol.address))).to.equal(price);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(price - fee);
      expect(await m.market.proceedsOf(m.treasury.address, m.usdc)).to.equal(fee);
      // Rentals pay no royalty.
      expect(await m.market.proceedsOf(m.operator.address, m.usdc)).to.equal(0n);
      expect(await m.usdc.balanceOf(m.marketAddress)).to.equal(price);
    });

    it("rejects listForRent by a non-owner, without approval, and with a zero token, zero or huge price, bad days or expiry", async function () {
      const m = await loadFixture(marketFixture);
      const now = await latest();
      await expect(m.market.connect(m.bob).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 2n, now + DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.bob.address);
      const cases: [string, Parameters<typeof m.market.listForRent>][] = [
        ["paymentToken", [m.aliceId, ethers.ZeroAddress, PER_DAY, 1n, 2n, now + DAY]],
        ["pricePerDay", [m.aliceId, m.usdc, 0n, 1n, 2n, now + DAY]],
        ["pricePerDay", [m.aliceId, m.usdc, UINT128_MAX + 1n, 1n, 2n, now + DAY]],
        ["days", [m.aliceId, m.usdc, PER_DAY, 0n, 2n, now + DAY]],
        ["days", [m.aliceId, m.usdc, PER_DAY, 3n, 2n, now + DAY]],
        ["days", [m.aliceId, m.usdc, PER_DAY, 1n, 3_651n, now + DAY]],
        ["expiry", [m.aliceId, m.usdc, PER_DAY, 1n, 2n, now + 1n]],
        ["expiry", [m.aliceId, m.usdc, PER_DAY, 1n, 2n, UINT64_MAX + 1n]],
      ];
      for (const [what, args] of cases) {
        await expect(m.market.connect(m.alice).listForRent(...args), what)
          .to.be.revertedWithCustomError(m.market, "MarketInvalidParams")
          .withArgs(what);
      }
      await m.shares.connect(m.alice).setApprovalForAll(m.marketAddress, false);
      await expect(m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 2n, now + DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNotApproved")
        .withArgs(m.alice.address);
    });

    it("rejects rent without a listing, after the listing's expiry, outside its days, and above the renter's price", async function () {
      const m = await loadFixture(marketFixture);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 2n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
      const listingExpiry = (await latest()) + DAY;
      await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 2n, 30n, listingExpiry);
      for (const days of [1n, 31n]) {
        await expect(m.market.connect(m.carol).rent(m.aliceId, days, PER_DAY))
          .to.be.revertedWithCustomError(m.market, "MarketInvalidDays")
          .withArgs(days, 2n, 30n);
      }
      await expect(m.market.connect(m.carol).rent(m.aliceId, 2n, PER_DAY - 1n))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(PER_DAY, PER_DAY - 1n);
      await time.setNextBlockTimestamp(listingExpiry + 1n);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 2n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketExpired")
        .withArgs(listingExpiry);
    });

    it("rejects a second rental while one runs, and re-rents from the same listing after it expired", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 30n, (await latest()) + 30n * DAY);
      await m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY);
      const expires = await m.shares.userExpires(m.aliceId);
      await time.setNextBlockTimestamp(expires);
      await expect(m.market.connect(m.dave).rent(m.aliceId, 1n, PER_DAY))
        .to.be.revertedWithCustomError(m.distributor, "DistributorPositionRented")
        .withArgs(m.aliceId, expires);
      await time.setNextBlockTimestamp(expires + 1n);
      await m.market.connect(m.dave).rent(m.aliceId, 3n, PER_DAY);
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.dave.address);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(expires + 1n + 3n * DAY);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(
        4n * PER_DAY - (PER_DAY * MARKET_FEE_BPS) / 10_000n - (3n * PER_DAY * MARKET_FEE_BPS) / 10_000n,
      );
    });

    it("rejects a rental listing whose position changed hands and came back with MarketPositionChanged", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 30n, (await latest()) + DAY);
      await m.shares.connect(m.alice).transferFrom(m.alice.address, m.dave.address, m.aliceId);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.alice.address);
      await m.shares.connect(m.dave).transferFrom(m.dave.address, m.alice.address, m.aliceId);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
    });

    it("lets only the owner cancel a rental listing; a cancelled one cannot be rented", async function () {
      const m = await loadFixture(marketFixture);
      await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 30n, (await latest()) + DAY);
      await expect(m.market.connect(m.bob).cancelRentalListing(m.aliceId))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
      await expect(m.market.connect(m.alice).cancelRentalListing(m.aliceId))
        .to.emit(m.market, "RentalListingCancelled")
        .withArgs(m.aliceId);
      expect((await m.market.rentalListing(m.aliceId)).owner).to.equal(ethers.ZeroAddress);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
    });

    it("rejects a fee-on-transfer payment token with MarketPaymentMismatch and rents nothing", async function () {
      const m = await loadFixture(marketFixture);
      const fot = (await ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
      await fot.mint(m.carol.address, 10n ** 12n);
      await fot.connect(m.carol).approve(m.marketAddress, ethers.MaxUint256);
      await m.market.connect(m.alice).listForRent(m.aliceId, fot, PER_DAY, 1n, 30n, (await latest()) + DAY);
      await expect(m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY))
        .to.be.revertedWithCustomError(m.market, "MarketPaymentMismatch")
        .withArgs(PER_DAY, PER_DAY - PER_DAY / 100n);
      expect(await m.shares.userOf(m.aliceId)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("pause", function () {
    it("stops list, buy, buySigned, fillOffer, listForRent and rent with EnforcedPause", async function () {
      const m = await listedFixture();
      const order = await listingOrder(m, m.bob, m.bobId);
      const orderSignature = await signListing(m, m.bob, order);
      const offer = await offerOrder(m, m.carol);
      const offerSignature = await signOffer(m, m.carol, offer);
      await m.market.connect(m.bob).listForRent(m.bobId, m.usdc, 1n, 1n, 2n, m.expiry);
      await m.market.connect(m.admin).pause();
      const calls: [string, () => Promise<unknown>][] = [
        ["list", () => m.market.connect(m.bob).list(m.bobId, m.usdc, PRICE, 1n, m.expiry)],
        ["buy", () => m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE)],
        ["buySigned", () => m.market.connect(m.carol).buySigned(order, orderSignature, 10n, PRICE)],
        ["fillOffer", () => m.market.connect(m.bob).fillOffer(offer, offerSignature, m.bobId, 10n, 0n)],
        ["listForRent", () => m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, 1n, 1n, 2n, m.expiry)],
        ["rent", () => m.market.connect(m.carol).rent(m.bobId, 1n, 1n)],
      ];
      for (const [name, call] of calls) {
        await expect(call(), name).to.be.revertedWithCustomError(m.market, "EnforcedPause");
      }
      await m.market.connect(m.admin).unpause();
      for (const [, call] of calls.slice(1, 4)) await call();
    });

    it("keeps cancels, counter bumps and withdrawals working while paused", async function () {
      const m = await listedFixture();
      await m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE);
      const order = await listingOrder(m, m.bob, m.bobId);
      const offer = await offerOrder(m, m.carol);
      await m.market.connect(m.bob).listForRent(m.bobId, m.usdc, 1n, 1n, 2n, m.expiry);
      await m.market.connect(m.admin).pause();
      await expect(m.market.connect(m.alice).cancelListing(m.aliceId)).to.emit(m.market, "ListingCancelled");
      await expect(m.market.connect(m.bob).cancelSignedListing(order)).to.emit(m.market, "OrderCancelled");
      await expect(m.market.connect(m.carol).cancelOffer(offer)).to.emit(m.market, "OrderCancelled");
      await expect(m.market.connect(m.bob).cancelRentalListing(m.bobId)).to.emit(m.market, "RentalListingCancelled");
      await expect(m.market.connect(m.dave).incrementCounter()).to.emit(m.market, "CounterIncremented");
      await expect(m.market.connect(m.alice).withdraw(m.usdc))
        .to.emit(m.market, "Withdrawn")
        .withArgs(m.alice.address, await m.usdc.getAddress(), splitOf(10n * PRICE).seller);
    });
  });
});
