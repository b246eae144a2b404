// Attack suite for ShareMarket: every market attack of DESIGN.md as a named test, one line saying what
// the attacker tries, asserting exact outcomes. Stale listings (the position left and came back, was
// split or re-listed under a pending buy), cancelled and counter-voided orders, orders signed for another
// chain or another market, royalties of 100% and above the price, a royalty receiver that refuses
// payments, re-entrance from onERC721Received, double fills, hostile payment tokens, a fee raised under
// open listings, and the seller's accrued rewards.
import { expect } from "chai";
import { Signature } from "ethers";
import { network } from "hardhat";

import type { FeeOnTransferERC20, MarketReentrantActor, ShareMarket, TestERC20 } from "../typechain-types/index.js";
import {
  ALICE_SHARES,
  BOB_SHARES,
  DAY,
  type MarketProtocol,
  listingOrder,
  marketFixture,
  marketStreamFixture,
  mined,
  mintShares,
  mockRoyaltyMarketFixture,
  nextPositionId,
  offerOrder,
  registerRig,
  revertingOperatorFixture,
  sha256RigParams,
  signListing,
  signOffer,
  soldEvents,
  splitOf,
} from "./helpers/marketFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const PRICE = 10_000_000n; // 10 USDC per share
/** secp256k1 group order: s and n − s both verify in raw ECDSA. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function latest(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** Alice's whole position listed at 10 USDC a share for a day. */
async function listedFixture() {
  const m = await loadFixture(marketFixture);
  const expiry = (await latest()) + DAY;
  await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, expiry);
  return { ...m, expiry };
}

/** A contract buyer that re-enters the market when a position arrives; funded and approved. */
async function reentrantBuyerFixture() {
  const m = await listedFixture();
  const actor = (await ethers.deployContract("MarketReentrantActor")) as unknown as MarketReentrantActor;
  const actorAddress = await actor.getAddress();
  await m.usdc.mint(actorAddress, 100_000n * 1_000_000n);
  await actor.exec(
    await m.usdc.getAddress(),
    m.usdc.interface.encodeFunctionData("approve", [m.marketAddress, ethers.MaxUint256]),
  );
  // Bob's position is listed for sale and for rent, so every inner call has something to hit.
  await m.market.connect(m.bob).list(m.bobId, m.usdc, PRICE, 1n, m.expiry);
  await m.market.connect(m.bob).listForRent(m.bobId, m.usdc, 1_000_000n, 1n, 5n, m.expiry);
  return { ...m, actor, actorAddress };
}

function buyCall(m: MarketProtocol, positionId: bigint, shares: bigint): string {
  return m.market.interface.encodeFunctionData("buy", [positionId, shares, PRICE]);
}

describe("Attacks on ShareMarket", function () {
  describe("stale listings", function () {
    it("rejects a listing filled after the position left the seller and came back (MarketPositionChanged)", async function () {
      // Attack: Alice listed, sold the position elsewhere, bought it back; a buyer fills the forgotten listing.
      const m = await listedFixture();
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      await m.shares.connect(m.alice).transferFrom(m.alice.address, m.dave.address, m.aliceId);
      // While it is away the listing cannot fill (the seller no longer owns it) …
      await expect(m.market.connect(m.carol).buy(m.aliceId, ALICE_SHARES, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.alice.address);
      await m.shares.connect(m.dave).transferFrom(m.dave.address, m.alice.address, m.aliceId);
      // … and once it is back, same owner, same shares, neither the listing nor the signed order fills.
      expect((await m.distributor.position(m.aliceId)).version).to.equal(2n);
      await expect(m.market.connect(m.carol).buy(m.aliceId, ALICE_SHARES, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      await expect(m.market.connect(m.carol).buySigned(order, signature, ALICE_SHARES, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.alice.address);
      // A fresh listing on the new version fills.
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, m.expiry);
      await m.market.connect(m.carol).buy(m.aliceId, ALICE_SHARES, PRICE);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.carol.address);
    });

    it("rejects a pending buy after the seller re-listed at a higher price (MarketPriceMoved)", async function () {
      // Attack: the seller front-runs a buy by re-listing the same position at a higher price.
      const m = await listedFixture();
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE * 3n, 1n, m.expiry);
      const before = await m.usdc.balanceOf(m.carol.address);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPriceMoved")
        .withArgs(PRICE * 3n, PRICE);
      expect(await m.usdc.balanceOf(m.carol.address)).to.equal(before);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(ALICE_SHARES);
    });

    it("rejects a pending buy after the seller split or merged the listed position (MarketPositionChanged)", async function () {
      // Attack: the seller changes the shares behind a listing (split off most of them, or merge more in).
      const m = await listedFixture();
      await m.shares.connect(m.alice).split(m.aliceId, 390n);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      // Merging the half back restores the share count, not the listing.
      await m.shares.connect(m.alice).merge(m.aliceId, nextPositionId(m.rigId, 3n));
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(ALICE_SHARES);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
    });

    it("cannot sell the same shares twice through an on-chain listing and a signed listing", async function () {
      // Attack: the seller signs an order and lists on chain; buyers fill both for the same shares.
      const m = await listedFixture();
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      await m.market.connect(m.carol).buy(m.aliceId, 300n, PRICE);
      await expect(m.market.connect(m.dave).buySigned(order, signature, 300n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      // And the other way round: a signed partial fill makes the on-chain listing stale.
      const fresh = await listingOrder(m, m.alice, m.aliceId, { salt: 2n });
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, m.expiry);
      await m.market.connect(m.dave).buySigned(fresh, await signListing(m, m.alice, fresh), 50n, PRICE);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 50n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(50n);
    });

    it("blocks fills of a listed position while it is rented out (no sale of a renter's window)", async function () {
      // Attack: the owner rents out a listed position, then a buyer takes it from under the renter.
      const m = await listedFixture();
      await m.shares.connect(m.alice).setUser(m.aliceId, m.dave.address, m.expiry);
      for (const shares of [ALICE_SHARES, 10n]) {
        await expect(m.market.connect(m.carol).buy(m.aliceId, shares, PRICE))
          .to.be.revertedWithCustomError(m.distributor, "DistributorPositionRented")
          .withArgs(m.aliceId, m.expiry);
      }
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.dave.address);
    });

    it("refuses a sale to oneself, which would pass a rented position through a self-transfer (MarketSelfTrade)", async function () {
      // Attack: a transfer to oneself settles nothing and so skips the rental lock; the owner of a rented,
      // listed position buys it from itself to churn fees and royalties through the market.
      const m = await listedFixture();
      await m.shares.connect(m.alice).setUser(m.aliceId, m.dave.address, m.expiry);
      for (const shares of [ALICE_SHARES, 10n]) {
        await expect(m.market.connect(m.alice).buy(m.aliceId, shares, PRICE))
          .to.be.revertedWithCustomError(m.market, "MarketSelfTrade")
          .withArgs(m.alice.address);
      }
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.dave.address);
      expect((await m.market.listing(m.aliceId)).shares).to.equal(ALICE_SHARES);
    });
  });

  describe("cancelled, voided and foreign orders", function () {
    it("rejects a fill after cancel: on-chain listing, signed listing and offer", async function () {
      // Attack: a buyer (or seller) fills an order its maker cancelled.
      const m = await listedFixture();
      const order = await listingOrder(m, m.bob, m.bobId);
      const listingSig = await signListing(m, m.bob, order);
      const offer = await offerOrder(m, m.carol);
      const offerSig = await signOffer(m, m.carol, offer);
      await m.market.connect(m.alice).cancelListing(m.aliceId);
      await m.market.connect(m.bob).cancelSignedListing(order);
      await m.market.connect(m.carol).cancelOffer(offer);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
      await expect(m.market.connect(m.carol).buySigned(order, listingSig, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashListing(order));
      await expect(m.market.connect(m.alice).fillOffer(offer, offerSig, m.aliceId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashOffer(offer));
    });

    it("voids every signed listing and offer with a counter bump, even partly filled ones", async function () {
      // Attack: fill the rest of orders their maker voided all at once.
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const listingSig = await signListing(m, m.alice, order);
      await m.market.connect(m.carol).buySigned(order, listingSig, 100n, PRICE);
      const offer = await offerOrder(m, m.carol);
      const offerSig = await signOffer(m, m.carol, offer);
      await m.market.connect(m.bob).fillOffer(offer, offerSig, m.bobId, 10n, 0n);
      await m.market.connect(m.alice).incrementCounter();
      await m.market.connect(m.carol).incrementCounter();
      await expect(m.market.connect(m.dave).buySigned(order, listingSig, 100n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashListing(order));
      await expect(m.market.connect(m.bob).fillOffer(offer, offerSig, m.bobId, 10n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashOffer(offer));
      // Re-signing the old counter does not help.
      const resigned = await signListing(m, m.alice, order);
      await expect(m.market.connect(m.dave).buySigned(order, resigned, 100n, PRICE)).to.be.revertedWithCustomError(
        m.market,
        "MarketOrderCancelled",
      );
    });

    it("rejects orders signed for another chain id with MarketInvalidSignature", async function () {
      // Attack: replay a listing and an offer signed on another chain where the market has the same address.
      const m = await loadFixture(marketFixture);
      const foreign = { ...m.domain, chainId: m.chainId + 1n };
      const order = await listingOrder(m, m.alice, m.aliceId);
      await expect(
        m.market.connect(m.carol).buySigned(order, await signListing(m, m.alice, order, foreign), 10n, PRICE),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
      const offer = await offerOrder(m, m.carol);
      await expect(
        m.market.connect(m.bob).fillOffer(offer, await signOffer(m, m.carol, offer, foreign), m.bobId, 10n, 0n),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
    });

    it("rejects orders signed for another market deployment with MarketInvalidSignature", async function () {
      // Attack: replay orders signed for a second market of the same share token (both are approved).
      const m = await loadFixture(marketFixture);
      const other = (await ethers.deployContract("ShareMarket", [
        await m.shares.getAddress(),
        200,
        m.treasury.address,
        0,
        m.admin.address,
      ])) as unknown as ShareMarket;
      const otherAddress = await other.getAddress();
      await m.shares.connect(m.alice).setApprovalForAll(otherAddress, true);
      await m.usdc.connect(m.carol).approve(otherAddress, ethers.MaxUint256);
      const otherDomain = { ...m.domain, verifyingContract: otherAddress };
      const order = await listingOrder(m, m.alice, m.aliceId);
      // Signed for the other market, replayed on this one …
      await expect(
        m.market.connect(m.carol).buySigned(order, await signListing(m, m.alice, order, otherDomain), 10n, PRICE),
      ).to.be.revertedWithCustomError(m.market, "MarketInvalidSignature");
      // … and signed for this one, replayed on the other.
      await expect(
        other.connect(m.carol).buySigned(order, await signListing(m, m.alice, order), 10n, PRICE),
      ).to.be.revertedWithCustomError(other, "MarketInvalidSignature");
    });

    it("rejects a malleated (high-s) signature with MarketInvalidSignature, before and after the order filled", async function () {
      // Attack: flip s to n − s (and v) to get a second signature of the same order (fills are keyed by the
      // order's hash anyway, so a filled order stays filled).
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId, { shares: 10n });
      const sig = Signature.from(await signListing(m, m.alice, order));
      const malleated = ethers.concat([
        sig.r,
        ethers.toBeHex(SECP256K1_N - BigInt(sig.s), 32),
        ethers.toBeHex(sig.v === 27 ? 28 : 27, 1),
      ]);
      await expect(m.market.connect(m.carol).buySigned(order, malleated, 10n, PRICE)).to.be.revertedWithCustomError(
        m.market,
        "MarketInvalidSignature",
      );
      await m.market.connect(m.carol).buySigned(order, sig.serialized, 10n, PRICE);
      await expect(m.market.connect(m.carol).buySigned(order, sig.serialized, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(10n, 0n);
      await expect(m.market.connect(m.carol).buySigned(order, malleated, 10n, PRICE)).to.be.revertedWithCustomError(
        m.market,
        "MarketInvalidSignature",
      );
    });
  });

  describe("royalties", function () {
    it("fills with a 100% royalty: the seller gets 0 and fee + royalty == price", async function () {
      // Attack: a share token asking for the whole price as royalty, hoping to block sales or underflow.
      const m = await loadFixture(mockRoyaltyMarketFixture);
      const expiry = (await latest()) + DAY;
      await m.mockMarket.connect(m.alice).list(m.mockId, m.usdc, PRICE, 1n, expiry);
      const price = 10n * PRICE;
      const receipt = await mined(m.mockMarket.connect(m.carol).buy(m.mockId, 10n, PRICE));
      const fee = (price * 200n) / 10_000n;
      const sold = m.mockMarket.interface.parseLog(
        receipt.logs.find((l) => l.address.toLowerCase() === m.mockMarketAddress.toLowerCase())!,
      )!;
      expect(sold.name).to.equal("Sold");
      expect([sold.args.price, sold.args.royalty, sold.args.fee]).to.deep.equal([price, price - fee, fee]);
      expect(await m.mockMarket.proceedsOf(m.alice.address, m.usdc)).to.equal(0n);
      expect(await m.mockMarket.proceedsOf(m.operator.address, m.usdc)).to.equal(price - fee);
      expect(await m.mockMarket.proceedsOf(m.treasury.address, m.usdc)).to.equal(fee);
      expect(await m.usdc.balanceOf(m.mockMarketAddress)).to.equal(price);
      expect(await m.mock.ownerOf(m.mockId + 1n)).to.equal(m.carol.address);
      expect(await m.mockMarket.quote(m.mockId, 1_000n)).to.deep.equal([0n, m.operator.address, 980n, 20n]);
    });

    it("rejects a royalty above the price with MarketRoyaltyAbovePrice", async function () {
      // Attack: a royalty of 100.01% would take more than the buyer pays.
      const m = await loadFixture(mockRoyaltyMarketFixture);
      await m.mock.setRoyalty(m.operator.address, 10_001);
      const expiry = (await latest()) + DAY;
      await m.mockMarket.connect(m.alice).list(m.mockId, m.usdc, PRICE, 1n, expiry);
      await expect(m.mockMarket.connect(m.carol).buy(m.mockId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.mockMarket, "MarketRoyaltyAbovePrice")
        .withArgs(10n * PRICE + (10n * PRICE) / 10_000n, 10n * PRICE);
      await expect(m.mockMarket.quote(m.mockId, 10_000n))
        .to.be.revertedWithCustomError(m.mockMarket, "MarketRoyaltyAbovePrice")
        .withArgs(10_001n, 10_000n);
      expect(await m.mock.ownerOf(m.mockId)).to.equal(m.alice.address);
    });

    it("fills although the royalty receiver reverts on every payment (pull payments), and it can still withdraw", async function () {
      // Attack: an operator contract that refuses tokens and ether, hoping to block every sale of its rig.
      const m = await loadFixture(revertingOperatorFixture);
      const expiry = (await latest()) + DAY;
      await m.market.connect(m.alice).list(m.badRigPosition, m.usdc, PRICE, 1n, expiry);
      await m.market.connect(m.carol).buy(m.badRigPosition, 40n, PRICE);
      await m.market.connect(m.carol).buy(m.badRigPosition, 60n, PRICE);
      expect(await m.shares.ownerOf(m.badRigPosition)).to.equal(m.carol.address);
      const royalty = splitOf(40n * PRICE).royalty + splitOf(60n * PRICE).royalty;
      expect(royalty).to.equal(50_000_000n);
      expect(await m.market.proceedsOf(m.badOperatorAddress, m.usdc)).to.equal(royalty);
      await m.badOperator.exec(
        m.marketAddress,
        m.market.interface.encodeFunctionData("withdraw", [await m.usdc.getAddress()]),
      );
      expect(await m.usdc.balanceOf(m.badOperatorAddress)).to.equal(royalty);
    });
  });

  describe("re-entrance from onERC721Received during a fill", function () {
    /** Calldata of the market call the buyer sends from its receiver hook. */
    async function innerCall(m: MarketProtocol, name: string): Promise<string> {
      const { market } = m;
      if (name === "buy") return market.interface.encodeFunctionData("buy", [m.bobId, 10n, PRICE]);
      if (name === "rent") return market.interface.encodeFunctionData("rent", [m.bobId, 1n, 1_000_000n]);
      if (name === "withdraw") return market.interface.encodeFunctionData("withdraw", [await m.usdc.getAddress()]);
      const offer = await offerOrder(m, m.carol);
      const signature = await signOffer(m, m.carol, offer);
      return market.interface.encodeFunctionData("fillOffer", [offer, signature, m.bobId, 10n, 0n]);
    }

    for (const name of ["buy", "fillOffer", "rent", "withdraw"]) {
      it(`rejects re-entering ${name} with ReentrancyGuardReentrantCall and the outer buy reverts whole`, async function () {
        // Attack: a buyer contract re-enters the market from the receiver hook of its own purchase.
        const m = await loadFixture(reentrantBuyerFixture);
        await m.actor.setInner(m.marketAddress, await innerCall(m, name), true);
        const before = await m.usdc.balanceOf(m.actorAddress);
        await expect(m.actor.exec(m.marketAddress, buyCall(m, m.aliceId, 100n))).to.be.revertedWithCustomError(
          m.market,
          "ReentrancyGuardReentrantCall",
        );
        expect(await m.usdc.balanceOf(m.actorAddress)).to.equal(before);
        expect(await m.distributor.sharesOf(m.aliceId)).to.equal(ALICE_SHARES);
        expect(await m.distributor.sharesOf(m.bobId)).to.equal(BOB_SHARES);
        expect((await m.market.listing(m.aliceId)).shares).to.equal(ALICE_SHARES);
        expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(0n);
      });
    }

    it("leaves the state consistent when the buyer swallows the re-entry failure: one sale, paid once", async function () {
      // Attack: the buyer catches the failed re-entry and lets its purchase complete, hoping for a double effect.
      const m = await loadFixture(reentrantBuyerFixture);
      await m.actor.setInner(m.marketAddress, buyCall(m, m.aliceId, 100n), false);
      const before = await m.usdc.balanceOf(m.actorAddress);
      const receipt = await mined(m.actor.exec(m.marketAddress, buyCall(m, m.aliceId, 100n)));
      expect(await m.actor.attempted()).to.equal(true);
      expect(await m.actor.innerSucceeded()).to.equal(false);
      expect(await m.actor.innerRevert()).to.equal(
        m.market.interface.getError("ReentrancyGuardReentrantCall")!.selector,
      );
      expect(await m.actor.received()).to.equal(1n);
      expect(soldEvents(m, receipt)).to.have.length(1);
      const boughtId = nextPositionId(m.rigId, 3n);
      expect(await m.shares.ownerOf(boughtId)).to.equal(m.actorAddress);
      expect(await m.distributor.sharesOf(boughtId)).to.equal(100n);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(300n);
      const l = await m.market.listing(m.aliceId);
      expect([l.shares, l.version]).to.deep.equal([300n, 1n]);
      expect(before - (await m.usdc.balanceOf(m.actorAddress))).to.equal(100n * PRICE);
      expect(await m.usdc.balanceOf(m.marketAddress)).to.equal(100n * PRICE);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(splitOf(100n * PRICE).seller);
      // The rest of the listing still fills normally.
      await m.market.connect(m.carol).buy(m.aliceId, 300n, PRICE);
      expect(await m.shares.ownerOf(m.aliceId)).to.equal(m.carol.address);
    });

    it("rejects re-entering fillOffer from the hook of an offer's own fill (ERC-1271 contract buyer)", async function () {
      // Attack: a contract signs an offer (ERC-1271); when a seller fills it, it re-enters to fill again.
      const m = await loadFixture(reentrantBuyerFixture);
      const offer = await offerOrder(m, m.actorAddress, { maxShares: 100n });
      await m.actor.approveDigest(await m.market.digest(await m.market.hashOffer(offer)));
      await m.actor.setInner(
        m.marketAddress,
        m.market.interface.encodeFunctionData("fillOffer", [offer, "0x", m.bobId, 10n, 0n]),
        true,
      );
      await expect(m.market.connect(m.alice).fillOffer(offer, "0x", m.aliceId, 50n, 0n)).to.be.revertedWithCustomError(
        m.market,
        "ReentrancyGuardReentrantCall",
      );
      await m.actor.setInner(ethers.ZeroAddress, "0x", false);
      await m.market.connect(m.alice).fillOffer(offer, "0x", m.aliceId, 50n, 0n);
      expect((await m.market.orderState(await m.market.hashOffer(offer))).filled).to.equal(50n);
    });
  });

  describe("double fills", function () {
    it("never fills an order beyond its shares: signed listing, offer and on-chain listing", async function () {
      // Attack: replay a filled order, or fill a bit more than is left.
      const m = await listedFixture();
      const order = await listingOrder(m, m.bob, m.bobId, { shares: 120n });
      const listingSig = await signListing(m, m.bob, order);
      await m.market.connect(m.carol).buySigned(order, listingSig, 100n, PRICE);
      await expect(m.market.connect(m.carol).buySigned(order, listingSig, 21n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(21n, 20n);
      await m.market.connect(m.carol).buySigned(order, listingSig, 20n, PRICE);
      await expect(m.market.connect(m.carol).buySigned(order, listingSig, 1n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(1n, 0n);
      expect(await m.distributor.sharesOf(m.bobId)).to.equal(BOB_SHARES - 120n);

      const offer = await offerOrder(m, m.dave, { maxShares: 30n });
      const offerSig = await signOffer(m, m.dave, offer);
      await m.market.connect(m.alice).fillOffer(offer, offerSig, m.aliceId, 30n, 0n);
      await expect(m.market.connect(m.bob).fillOffer(offer, offerSig, m.bobId, 1n, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(1n, 0n);

      // The on-chain listing was made stale by the offer's split; re-listed, it sells out once.
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, m.expiry);
      await m.market.connect(m.carol).buy(m.aliceId, ALICE_SHARES - 30n, PRICE);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 1n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
    });

    it("does not refill a completed signed listing when the position comes back to the seller", async function () {
      // Attack: the buyer of a whole position returns it to the seller and replays the filled order.
      const m = await loadFixture(marketFixture);
      const order = await listingOrder(m, m.alice, m.aliceId);
      const signature = await signListing(m, m.alice, order);
      await m.market.connect(m.carol).buySigned(order, signature, ALICE_SHARES, PRICE);
      await m.shares.connect(m.carol).transferFrom(m.carol.address, m.alice.address, m.aliceId);
      await expect(m.market.connect(m.carol).buySigned(order, signature, ALICE_SHARES, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPositionChanged")
        .withArgs(m.aliceId);
    });

    it("never fills an offer beyond maxShares, even one signed for more than 2^64 shares", async function () {
      // Attack: sell into an offer whose fill counter (a uint64) wraps past 2^64, reopening the whole offer.
      const m = await loadFixture(marketFixture);
      const cap = 10n ** 18n; // RigShares.MAX_TOTAL_SHARES
      const rigId = await registerRig(
        m,
        sha256RigParams(await m.usdc.getAddress(), await m.wbtc.getAddress(), {
          name: "Big rig",
          totalShares: cap,
          pricePerShare: 0n,
        }),
      );
      const met = (await ethers.deployContract("TestERC20", ["Market Ether", "MET", 18])) as unknown as TestERC20;
      await met.mint(m.dave.address, 1n << 80n);
      await met.connect(m.dave).approve(m.marketAddress, ethers.MaxUint256);
      const position = await mintShares(m, m.alice, rigId, cap);
      // Dave wants at most 2^64 + 1e18 shares (≈ 19.4 times the rig) at 1 wei each.
      const maxShares = (1n << 64n) + cap;
      const offer = await offerOrder(m, m.dave, {
        rigId,
        maxShares,
        paymentToken: await met.getAddress(),
        pricePerShare: 1n,
      });
      const signature = await signOffer(m, m.dave, offer);
      const hash = await m.market.hashOffer(offer);
      // 19 whole-rig fills (1.9e19 ≤ maxShares), Dave handing the position back after each.
      for (let i = 0; i < 19; i++) {
        await m.market.connect(m.alice).fillOffer(offer, signature, position, cap, 0n);
        await m.shares.connect(m.dave).transferFrom(m.dave.address, m.alice.address, position);
      }
      const filled = 19n * cap;
      expect(filled <= maxShares).to.equal(true);
      // A 20th whole-rig fill would take the offer to 2e19 > maxShares: it must be refused.
      await expect(m.market.connect(m.alice).fillOffer(offer, signature, position, cap, 0n))
        .to.be.revertedWithCustomError(m.market, "MarketInvalidShares")
        .withArgs(cap, maxShares - filled);
      expect((await m.market.orderState(hash)).filled).to.equal(filled);
    });
  });

  describe("hostile payment tokens", function () {
    it("rejects a fee-on-transfer payment token with MarketPaymentMismatch and moves nothing", async function () {
      // Attack: list in a token that delivers less than the price, leaving the market short of the proceeds.
      const m = await loadFixture(marketFixture);
      const fot = (await ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
      await fot.mint(m.carol.address, 10n ** 15n);
      await fot.connect(m.carol).approve(m.marketAddress, ethers.MaxUint256);
      await m.market.connect(m.alice).list(m.aliceId, fot, PRICE, 1n, (await latest()) + DAY);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 10n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketPaymentMismatch")
        .withArgs(10n * PRICE, 10n * PRICE - (10n * PRICE) / 100n);
      expect(await m.distributor.sharesOf(m.aliceId)).to.equal(ALICE_SHARES);
      expect(await m.market.proceedsOf(m.alice.address, fot)).to.equal(0n);
    });
  });

  describe("admin fee changes", function () {
    it("admin raises the fee on open listings: the seller can cancel within the delay; a fill before effectiveAt pays the old fee", async function () {
      // Attack: the admin raises the fee from 2% to the 5% maximum while listings are open, hoping to fill them
      // at once (or at a moment the makers cannot react) with the higher fee taken from the sellers' part.
      const m = await loadFixture(marketFixture);
      const expiry = (await latest()) + 30n * DAY;
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, expiry);
      const order = await listingOrder(m, m.bob, m.bobId, { expiry });
      const signature = await signListing(m, m.bob, order);
      const daveId = await mintShares(m, m.dave, m.rigId, 100n);
      await m.market.connect(m.dave).listForRent(daveId, m.usdc, 1_000_000n, 1n, 10n, expiry);

      // The raise lands right before a buy: the buy still pays 2%, and so does one seconds before effectiveAt.
      await m.market.connect(m.admin).setFee(500, m.treasury.address);
      const effectiveAt = (await latest()) + 7n * DAY;
      expect(await m.market.pendingFee()).to.deep.equal([500n, effectiveAt]);
      const [first] = soldEvents(m, await mined(m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE)));
      expect([first.price, first.royalty, first.fee]).to.deep.equal([1_000_000_000n, 50_000_000n, 20_000_000n]);
      expect(await m.market.proceedsOf(m.alice.address, m.usdc)).to.equal(930_000_000n);
      await time.setNextBlockTimestamp(effectiveAt - 4n);
      const [second] = soldEvents(m, await mined(m.market.connect(m.carol).buySigned(order, signature, 50n, PRICE)));
      expect([second.price, second.royalty, second.fee]).to.deep.equal([500_000_000n, 25_000_000n, 10_000_000n]);
      expect(await m.market.proceedsOf(m.bob.address, m.usdc)).to.equal(465_000_000n);

      // Every maker cancels within the delay; from effectiveAt on nothing of theirs can fill at 5%.
      await time.setNextBlockTimestamp(effectiveAt - 3n);
      await m.market.connect(m.alice).cancelListing(m.aliceId);
      await time.setNextBlockTimestamp(effectiveAt - 2n);
      await m.market.connect(m.bob).cancelSignedListing(order);
      await time.setNextBlockTimestamp(effectiveAt - 1n);
      await m.market.connect(m.dave).cancelRentalListing(daveId);
      expect(await latest()).to.be.lessThan(effectiveAt);
      expect((await m.market.fee())[0]).to.equal(200n);
      await time.increaseTo(effectiveAt);
      expect((await m.market.fee())[0]).to.equal(500n);
      await expect(m.market.connect(m.carol).buy(m.aliceId, 100n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(m.aliceId);
      await expect(m.market.connect(m.carol).buySigned(order, signature, 50n, PRICE))
        .to.be.revertedWithCustomError(m.market, "MarketOrderCancelled")
        .withArgs(await m.market.hashListing(order));
      await expect(m.market.connect(m.carol).rent(daveId, 1n, 1_000_000n))
        .to.be.revertedWithCustomError(m.market, "MarketNoListing")
        .withArgs(daveId);
      // The treasury got 2% of both sales and nothing at 5%.
      expect(await m.market.proceedsOf(m.treasury.address, m.usdc)).to.equal(30_000_000n);
    });
  });

  describe("accrued rewards", function () {
    const fills = [
      ["a whole on-chain listing", "buy", ALICE_SHARES],
      ["part of an on-chain listing", "buy", 150n],
      ["part of a signed listing", "buySigned", 150n],
      ["an offer", "fillOffer", 150n],
    ] as const;

    for (const [what, how, shares] of fills) {
      it(`keeps the rewards accrued before a sale of ${what} with the seller, to the wei`, async function () {
        // Attack: buy a position right before a claim, hoping to collect what the seller accrued.
        const m = await loadFixture(marketStreamFixture);
        const expiry = (await latest()) + DAY;
        const fillAt = m.pushedAt + 7_777n;
        const before = await m.distributor.claimableBalance(m.alice.address, m.wbtc);
        let tx;
        if (how === "buy") {
          await m.market.connect(m.alice).list(m.aliceId, m.usdc, PRICE, 1n, expiry);
          await time.setNextBlockTimestamp(fillAt);
          tx = m.market.connect(m.carol).buy(m.aliceId, shares, PRICE);
        } else if (how === "buySigned") {
          const order = await listingOrder(m, m.alice, m.aliceId);
          const signature = await signListing(m, m.alice, order);
          await time.setNextBlockTimestamp(fillAt);
          tx = m.market.connect(m.carol).buySigned(order, signature, shares, PRICE);
        } else {
          const offer = await offerOrder(m, m.carol, { maxShares: shares });
          const signature = await signOffer(m, m.carol, offer);
          await time.setNextBlockTimestamp(fillAt);
          tx = m.market.connect(m.alice).fillOffer(offer, signature, m.aliceId, shares, 0n);
        }
        // The pending reward at the fill second: 400 shares × 1 sat a second since the push.
        const pendingAtFill = ALICE_SHARES * 7_777n;
        await expect(tx).to.emit(m.distributor, "PositionSettled").withArgs(m.aliceId, m.alice.address, pendingAtFill);
        expect((await m.distributor.claimableBalance(m.alice.address, m.wbtc)) - before).to.equal(pendingAtFill);
        const boughtId = shares === ALICE_SHARES ? m.aliceId : nextPositionId(m.rigId, 3n);
        expect(await m.shares.ownerOf(boughtId)).to.equal(m.carol.address);
        expect(await m.distributor.pendingReward(boughtId)).to.equal(0n);
        await time.increaseTo(fillAt + 100n);
        expect(await m.distributor.pendingReward(boughtId)).to.equal(shares * 100n);
        // Carol's claim of her bought position pays her only what accrued since.
        await time.setNextBlockTimestamp(fillAt + 200n);
        await expect(m.distributor.connect(m.carol).claim([boughtId])).to.changeTokenBalance(
          ethers,
          m.wbtc,
          m.carol,
          shares * 200n,
        );
      });
    }
  });
});
