// SDK market actions on the in-process chain with exact amounts: the market deployed with
// deploy/ShareMarketModule.ts (1% fee), a fixed-price listing bought in part with approval handling, a
// signed listing and an offer, a rental whose rewards go to the renter (client-side split checked against
// the contract view), withdrawals, cancellations and pre-flight errors, and the decoding of every new
// custom error into its typed class with a readable message.
import { expect } from "chai";
import { network } from "hardhat";
import { type Address, type Hex, erc20Abi, getAddress } from "viem";

import { pendingSplitAt } from "../../sdk/accrual.js";
import { rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../../sdk/abis.js";
import { buyShares } from "../../sdk/actions/buyShares.js";
import { buySignedListing } from "../../sdk/actions/buySignedListing.js";
import { cancelListing } from "../../sdk/actions/cancelListing.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { cancelRentalListing } from "../../sdk/actions/cancelRentalListing.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { getAccrualState } from "../../sdk/actions/getAccrualState.js";
import { getListing } from "../../sdk/actions/getListing.js";
import { getPendingSplit } from "../../sdk/actions/getPendingSplit.js";
import { getRental } from "../../sdk/actions/getRental.js";
import { getRentalListing } from "../../sdk/actions/getRentalListing.js";
import { incrementCounter } from "../../sdk/actions/incrementCounter.js";
import { listForRent } from "../../sdk/actions/listForRent.js";
import { listPosition } from "../../sdk/actions/listPosition.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { quoteSale } from "../../sdk/actions/quoteSale.js";
import { rentPosition } from "../../sdk/actions/rentPosition.js";
import { signListing } from "../../sdk/actions/signListing.js";
import { signOffer } from "../../sdk/actions/signOffer.js";
import { split } from "../../sdk/actions/split.js";
import { getMarketProceeds, withdrawMarketProceeds } from "../../sdk/actions/withdrawMarketProceeds.js";
import { rigsharePublicActions, rigshareWalletActions } from "../../sdk/decorator.js";
import { MissingContractError, decodeRigshareError, revertErrorFromArgs } from "../../sdk/errors.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { type SdkMarket, USDC, approveMax, sdkMarketFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;
const DAY = 86_400n;

type Market = SdkMarket;

async function caught(
  action: () => Promise<unknown>,
): Promise<{ name: string; shortMessage: string } & Record<string, unknown>> {
  try {
    await action();
  } catch (e) {
    return e as { name: string; shortMessage: string };
  }
  throw new Error("expected the action to throw");
}

const proceeds = (m: Market, who: Address) =>
  getMarketProceeds(m.publicClient, { contracts: m.contracts, account: who, token: m.usdc.address });
const balanceOf = (m: Market, token: Address, who: Address) =>
  m.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [who] });
const sharesOf = async (m: Market, positionId: bigint) =>
  (
    await m.publicClient.readContract({
      address: m.contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "position",
      args: [positionId],
    })
  ).shares;
const txCount = (m: Market, who: Address) => m.publicClient.getTransactionCount({ address: who });

describe("SDK market actions (ShareMarket)", function () {
  this.timeout(120_000);

  it("lists a position, approving the market once, and sells part of it with the exact split of the price", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const expiry = BigInt(await time.latest()) + 7n * DAY;
    const listed = await listPosition(m.alice, {
      contracts: m.contracts,
      positionId: m.alicePos,
      paymentToken: m.usdc.address,
      pricePerShare: 150n * USDC,
      minFill: 50n,
      expiry,
    });
    expect(listed.approvalHash).to.be.a("string");
    const listing = await getListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos });
    expect([
      listing.status,
      listing.seller,
      listing.shares,
      listing.pricePerShare,
      listing.minFill,
      listing.expiry,
    ]).to.deep.equal(["live", getAddress(m.alice.account.address), 600n, 150n * USDC, 50n, expiry]);
    const quote = await quoteSale(m.publicClient, {
      contracts: m.contracts,
      positionId: m.alicePos,
      price: 15_000n * USDC,
    });
    expect(quote).to.deep.equal({
      seller: 14_100n * USDC,
      royaltyReceiver: getAddress(m.operator.account.address),
      royalty: 750n * USDC,
      fee: 150n * USDC,
    });

    const carolBefore = await balanceOf(m, m.usdc.address, m.carol.account.address);
    const bought = await buyShares(m.carol, { contracts: m.contracts, positionId: m.alicePos, shares: 100n });
    expect(bought.approvalHash).to.be.a("string");
    expect([bought.price, bought.royalty, bought.fee]).to.deep.equal([15_000n * USDC, 750n * USDC, 150n * USDC]);
    expect(carolBefore - (await balanceOf(m, m.usdc.address, m.carol.account.address))).to.equal(15_000n * USDC);
    expect(await sharesOf(m, bought.boughtId)).to.equal(100n);
    expect(await sharesOf(m, m.alicePos)).to.equal(500n);
    expect(
      await m.publicClient.readContract({
        address: m.contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "ownerOf",
        args: [bought.boughtId],
      }),
    ).to.equal(getAddress(m.carol.account.address));
    expect(await proceeds(m, m.alice.account.address)).to.equal(14_100n * USDC);
    expect(await proceeds(m, m.operator.account.address)).to.equal(750n * USDC);
    expect(await proceeds(m, m.treasury.account.address)).to.equal(150n * USDC);
    const rest = await getListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos });
    expect([rest.status, rest.shares]).to.deep.equal(["live", 500n]);

    // The rest sells whole even below the minimum fill only when it is all that is left.
    const small = await caught(() => buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 30n }));
    expect(small.name).to.equal("MarketInvalidSharesError");
    expect(small.shortMessage).to.equal("30 shares requested: out of range (500 available, or below the minimum fill)");
    const cheap = await caught(() =>
      buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 100n, maxPricePerShare: 149n * USDC }),
    );
    expect(cheap.shortMessage).to.equal("The price per share is 150000000, beyond your limit of 149000000");

    const aliceBefore = await balanceOf(m, m.usdc.address, m.alice.account.address);
    const withdrawn = await withdrawMarketProceeds(m.alice, { contracts: m.contracts, token: m.usdc.address });
    expect(withdrawn.amount).to.equal(14_100n * USDC);
    expect((await balanceOf(m, m.usdc.address, m.alice.account.address)) - aliceBefore).to.equal(14_100n * USDC);
    const again = await caught(() =>
      withdrawMarketProceeds(m.alice, { contracts: m.contracts, token: m.usdc.address }),
    );
    expect([again.name, again.shortMessage]).to.deep.equal([
      "MarketNothingToWithdrawError",
      "Nothing to withdraw from the market",
    ]);

    await cancelListing(m.alice, { contracts: m.contracts, positionId: m.alicePos });
    const none = await caught(() => buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 500n }));
    expect([none.name, none.shortMessage]).to.deep.equal([
      "MarketNoListingError",
      `Position ${m.alicePos} has no valid listing (never listed, cancelled or sold)`,
    ]);
  });

  it("refuses a stale listing, an expired one and a short allowance before sending anything", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const expiry = BigInt(await time.latest()) + DAY;
    await listPosition(m.alice, {
      contracts: m.contracts,
      positionId: m.alicePos,
      paymentToken: m.usdc.address,
      pricePerShare: 150n * USDC,
      expiry,
    });
    const nonce = await txCount(m, m.bob.account.address);
    const noAllowance = await caught(() =>
      buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 10n, approve: false }),
    );
    expect(noAllowance.name).to.equal("InsufficientAllowanceError");
    await split(m.alice, { contracts: m.contracts, positionId: m.alicePos, shares: 100n });
    expect((await getListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos })).status).to.equal(
      "stale",
    );
    const stale = await caught(() => buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 10n }));
    expect([stale.name, stale.shortMessage]).to.deep.equal([
      "MarketPositionChangedError",
      `Position ${m.alicePos} changed since it was listed (it moved, was split, merged or re-listed): the listing is stale`,
    ]);
    await listPosition(m.alice, {
      contracts: m.contracts,
      positionId: m.alicePos,
      paymentToken: m.usdc.address,
      pricePerShare: 150n * USDC,
      expiry,
    });
    await time.increaseTo(expiry);
    const expired = await caught(() =>
      buyShares(m.bob, { contracts: m.contracts, positionId: m.alicePos, shares: 10n }),
    );
    expect(expired.name).to.equal("MarketExpiredError");
    expect(await txCount(m, m.bob.account.address)).to.equal(nonce);
  });

  it("fills a signed listing in two parts and an offer, and honours cancellations and counter increments", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const expiry = BigInt(await time.latest()) + 7n * DAY;
    // Carol offers 200 USDC a share for up to 50 shares of rig 1; bob sells 50 into it.
    const {
      offer,
      signature: offerSig,
      approvalHash,
    } = await signOffer(m.carol, {
      contracts: m.contracts,
      rigId: m.rigId,
      maxShares: 50n,
      paymentToken: m.usdc.address,
      pricePerShare: 200n * USDC,
      expiry,
      salt: 1n,
    });
    expect(approvalHash).to.be.a("string");
    const wrongRig = await caught(() =>
      fillOffer(m.bob, {
        contracts: m.contracts,
        offer,
        signature: offerSig,
        positionId: encodePositionId(2n, 1n),
        shares: 1n,
      }),
    );
    expect(wrongRig.shortMessage).to.equal(
      `Position ${encodePositionId(2n, 1n)} is not a position of rig 1, which the offer is for`,
    );
    const filled = await fillOffer(m.bob, {
      contracts: m.contracts,
      offer,
      signature: offerSig,
      positionId: m.bobPos,
      shares: 50n,
    });
    expect([filled.price, filled.royalty, filled.fee]).to.deep.equal([10_000n * USDC, 500n * USDC, 100n * USDC]);
    expect(await proceeds(m, m.bob.account.address)).to.equal(9_400n * USDC);
    expect(await sharesOf(m, filled.boughtId)).to.equal(50n);
    expect(await sharesOf(m, m.bobPos)).to.equal(350n);
    const over = await caught(() =>
      fillOffer(m.bob, { contracts: m.contracts, offer, signature: offerSig, positionId: m.bobPos, shares: 1n }),
    );
    expect([over.name, over.shortMessage]).to.deep.equal([
      "MarketInvalidSharesError",
      "1 shares requested: out of range (0 available, or below the minimum fill)",
    ]);

    // Bob signs a listing of his remaining 350 shares; carol buys 100, then the other 250.
    const { order, signature } = await signListing(m.bob, {
      contracts: m.contracts,
      positionId: m.bobPos,
      paymentToken: m.usdc.address,
      pricePerShare: 120n * USDC,
      minFill: 100n,
      expiry,
      salt: 2n,
    });
    expect(order.shares).to.equal(350n);
    const first = await buySignedListing(m.carol, { contracts: m.contracts, order, signature, shares: 100n });
    expect([first.price, first.royalty, first.fee]).to.deep.equal([12_000n * USDC, 600n * USDC, 120n * USDC]);
    const second = await buySignedListing(m.carol, { contracts: m.contracts, order, signature, shares: 250n });
    expect(second.price).to.equal(30_000n * USDC);
    expect(await proceeds(m, m.bob.account.address)).to.equal((9_400n + 11_280n + 28_200n) * USDC);
    expect(await proceeds(m, m.treasury.account.address)).to.equal((100n + 120n + 300n) * USDC);
    // The last fill takes the whole rest: the position itself changes hands.
    expect(second.boughtId).to.equal(m.bobPos);
    expect(
      await m.publicClient.readContract({
        address: m.contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "ownerOf",
        args: [m.bobPos],
      }),
    ).to.equal(getAddress(m.carol.account.address));

    // A cancelled offer and a listing voided by a counter increment no longer fill.
    const { offer: offer2, signature: sig2 } = await signOffer(m.carol, {
      contracts: m.contracts,
      rigId: m.rigId,
      maxShares: 10n,
      paymentToken: m.usdc.address,
      pricePerShare: 200n * USDC,
      expiry,
      salt: 3n,
    });
    const cancelled = await cancelOrder(m.carol, { contracts: m.contracts, kind: "offer", order: offer2 });
    const dead = await caught(() =>
      fillOffer(m.alice, {
        contracts: m.contracts,
        offer: offer2,
        signature: sig2,
        positionId: m.alicePos,
        shares: 10n,
      }),
    );
    expect([dead.name, dead.shortMessage]).to.deep.equal([
      "MarketOrderCancelledError",
      `The order ${cancelled.orderHash} was cancelled (or its signer's counter moved on)`,
    ]);
    const signed = await signListing(m.alice, {
      contracts: m.contracts,
      positionId: m.alicePos,
      paymentToken: m.usdc.address,
      pricePerShare: 100n * USDC,
      expiry,
      salt: 4n,
    });
    expect((await incrementCounter(m.alice, { contracts: m.contracts })).counter).to.equal(1n);
    const voided = await caught(() =>
      buySignedListing(m.carol, {
        contracts: m.contracts,
        order: signed.order,
        signature: signed.signature,
        shares: 10n,
      }),
    );
    expect(voided.name).to.equal("MarketOrderCancelledError");
  });

  it("rents a position: the renter earns its rewards during the window, exactly as the contract's split says", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const expiry = BigInt(await time.latest()) + 7n * DAY;
    await listForRent(m.alice, {
      contracts: m.contracts,
      positionId: m.alicePos,
      paymentToken: m.usdc.address,
      pricePerDay: 10n * USDC,
      minDays: 1n,
      maxDays: 30n,
      expiry,
    });
    expect(
      (await getRentalListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos })).status,
    ).to.equal("live");
    const tooLong = await caught(() =>
      rentPosition(m.carol, { contracts: m.contracts, positionId: m.alicePos, days: 31n }),
    );
    expect(tooLong.shortMessage).to.equal("A rental of 31 days is outside the listing's 1 to 30 days");
    const rented = await rentPosition(m.carol, { contracts: m.contracts, positionId: m.alicePos, days: 2n });
    const start = (await m.publicClient.getBlock({ blockNumber: rented.receipt.blockNumber })).timestamp;
    expect([rented.price, rented.fee, rented.expires]).to.deep.equal([20n * USDC, 200_000n, start + 2n * DAY]);
    expect(await proceeds(m, m.alice.account.address)).to.equal(19_800_000n);
    const rental = await getRental(m.publicClient, { contracts: m.contracts, positionId: m.alicePos });
    expect(rental).to.deep.equal({
      renter: getAddress(m.carol.account.address),
      expires: start + 2n * DAY,
      user: getAddress(m.carol.account.address),
      active: true,
    });
    expect(
      (await getRentalListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos })).status,
    ).to.equal("rented");
    const again = await caught(() => rentPosition(m.bob, { contracts: m.contracts, positionId: m.alicePos, days: 1n }));
    expect(again.name).to.equal("DistributorPositionRentedError");

    // One epoch of 0.036 WBTC streams over an hour: 1,000 sat/s.
    const rig = await m.publicClient.readContract({
      address: m.contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "rigStream",
      args: [m.rigId],
    });
    await toEpochEnd(m, rig.nextEpoch, BigInt(rig.epochLength));
    const pushed = await pushEpoch(m.operator, { contracts: m.contracts, rigId: m.rigId, amount: 3_600_000n });
    const pushedAt = (await m.publicClient.getBlock({ blockNumber: pushed.receipt.blockNumber })).timestamp;
    await time.increase(600);
    const latest = (await m.publicClient.getBlock()).timestamp;
    const split1 = await getPendingSplit(m.publicClient, { contracts: m.contracts, positionId: m.alicePos });
    const pending = await m.publicClient.readContract({
      address: m.contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "pendingReward",
      args: [m.alicePos],
    });
    // 1,000 sat/s over 1,000 shares: 600 sat/s for alice's 600 shares, all of it the renter's.
    expect(split1).to.deep.equal({
      ownerPart: 0n,
      renter: getAddress(m.carol.account.address),
      renterPart: 600n * (latest - pushedAt),
    });
    expect(split1.renterPart).to.equal(pending);
    // Client-side, from the state read once, at several later seconds inside the window.
    const { position, stream, timestamp } = await getAccrualState(m.publicClient, {
      contracts: m.contracts,
      positionId: m.alicePos,
    });
    for (const dt of [0n, 1n, 17n, 600n]) {
      expect(
        pendingSplitAt(position, stream, { user: rental.renter, expires: rental.expires }, timestamp + dt),
      ).to.deep.equal({ ownerPart: 0n, renterPart: 600n * (timestamp + dt - pushedAt) });
    }
    expect(pendingSplitAt(position, stream, { user: rental.renter, expires: rental.expires }, latest)).to.deep.equal({
      ownerPart: 0n,
      renterPart: split1.renterPart,
    });
    // After the rental ends the client defers to the contract, whose split ends exactly at the expiry.
    expect(
      pendingSplitAt(position, stream, { user: rental.renter, expires: rental.expires }, rental.expires + 1n),
    ).to.equal(undefined);
    await cancelRentalListing(m.alice, { contracts: m.contracts, positionId: m.alicePos });
    expect(
      (await getRentalListing(m.publicClient, { contracts: m.contracts, positionId: m.alicePos })).status,
    ).to.equal("none");
  });

  it("decodes every market revert into its typed class with a readable message", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const market = m.contracts.market!;
    const decode = async (
      from: Market["alice"],
      address: Address,
      abi: typeof shareMarketAbi | typeof rigSharesAbi,
      functionName: string,
      args: readonly unknown[],
    ) => {
      try {
        await m.publicClient.simulateContract({ account: from.account, address, abi, functionName, args } as never);
      } catch (e) {
        const decoded = decodeRigshareError(e)!;
        return [decoded.name, decoded.shortMessage];
      }
      throw new Error(`${functionName} did not revert`);
    };
    const expiry = BigInt(await time.latest()) + DAY;
    const alice = getAddress(m.alice.account.address);
    const stranger = getAddress(m.stranger.account.address);
    expect(
      await decode(m.stranger, market, shareMarketAbi, "list", [m.alicePos, m.usdc.address, 1n, 1n, expiry]),
    ).to.deep.equal(["MarketNotOwnerError", `${stranger} does not own position ${m.alicePos}`]);
    expect(
      await decode(m.alice, market, shareMarketAbi, "list", [m.alicePos, m.usdc.address, 1n, 1n, expiry]),
    ).to.deep.equal([
      "MarketNotApprovedError",
      `The market is not approved for the positions of ${alice} (approve it with setApprovalForAll first)`,
    ]);
    await m.alice.writeContract({
      address: m.contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "setApprovalForAll",
      args: [market, true],
    });
    expect(
      await decode(m.alice, market, shareMarketAbi, "list", [m.alicePos, m.usdc.address, 0n, 1n, expiry]),
    ).to.deep.equal(["MarketInvalidParamsError", "Invalid market parameter: pricePerShare"]);
    expect(await decode(m.bob, market, shareMarketAbi, "buy", [m.bobPos, 1n, 1n])).to.deep.equal([
      "MarketNoListingError",
      `Position ${m.bobPos} has no valid listing (never listed, cancelled or sold)`,
    ]);
    expect(await decode(m.stranger, market, shareMarketAbi, "withdraw", [m.usdc.address])).to.deep.equal([
      "MarketNothingToWithdrawError",
      "Nothing to withdraw from the market",
    ]);
    await m.alice.writeContract({
      address: market,
      abi: shareMarketAbi,
      functionName: "list",
      args: [m.alicePos, m.usdc.address, 150n * USDC, 1n, expiry],
    });
    expect(await decode(m.alice, market, shareMarketAbi, "buy", [m.alicePos, 10n, 150n * USDC])).to.deep.equal([
      "MarketSelfTradeError",
      `${alice} cannot buy from itself`,
    ]);
    expect(await decode(m.bob, market, shareMarketAbi, "buy", [m.alicePos, 10n, 100n * USDC])).to.deep.equal([
      "MarketPriceMovedError",
      "The price per share is 150000000, beyond your limit of 100000000",
    ]);
    expect(await decode(m.bob, market, shareMarketAbi, "buy", [m.alicePos, 601n, 150n * USDC])).to.deep.equal([
      "MarketInvalidShares" + "Error",
      "601 shares requested: out of range (600 available, or below the minimum fill)",
    ]);
    // A listing signed by bob for alice's position does not verify.
    const forged = {
      seller: alice,
      positionId: m.alicePos,
      shares: 600n,
      version: 0n,
      paymentToken: m.usdc.address,
      pricePerShare: 1n,
      minFill: 1n,
      expiry,
      counter: 0n,
      salt: 0n,
    };
    const badSig = (await m.bob.signMessage({ message: "not an order" })) as Hex;
    expect(await decode(m.carol, market, shareMarketAbi, "buySigned", [forged, badSig, 1n, 1n])).to.deep.equal([
      "MarketInvalidSignatureError",
      "The order's signature does not match its signer",
    ]);
    await m.alice.writeContract({
      address: market,
      abi: shareMarketAbi,
      functionName: "listForRent",
      args: [m.alicePos, m.usdc.address, USDC, 1n, 5n, expiry],
    });
    expect(await decode(m.carol, market, shareMarketAbi, "rent", [m.alicePos, 0n, USDC])).to.deep.equal([
      "MarketInvalidDaysError",
      "A rental of 0 days is outside the listing's 1 to 5 days",
    ]);
    // ERC-4907 directly: a rental ending in the past, and a rented position that cannot move.
    expect(
      await decode(m.alice, m.contracts.rigShares, rigSharesAbi, "setUser", [m.alicePos, m.carol.account.address, 1n]),
    ).to.deep.equal([
      "RigSharesInvalidRentalError",
      `Invalid rental: the renter ${getAddress(m.carol.account.address)} must be an account and the end 1 (1970-01-01T00:00:01Z) in the future`,
    ]);
    await approveMax(m, m.carol, m.usdc.address, market);
    await m.carol.writeContract({
      address: market,
      abi: shareMarketAbi,
      functionName: "rent",
      args: [m.alicePos, 1n, USDC],
    });
    const { expires } = await getRental(m.publicClient, { contracts: m.contracts, positionId: m.alicePos });
    const [name, message] = await decode(m.alice, m.contracts.rigShares, rigSharesAbi, "safeTransferFrom", [
      alice,
      m.bob.account.address,
      m.alicePos,
    ]);
    expect(name).to.equal("DistributorPositionRentedError");
    expect(message).to.equal(
      `Position ${m.alicePos} is rented out until ${new Date(Number(expires) * 1000).toISOString().replace(".000Z", "Z")}: it cannot change hands, be split, merged or burned before then`,
    );
    await time.increaseTo(expiry + 1n);
    expect((await decode(m.bob, market, shareMarketAbi, "buy", [m.alicePos, 10n, 150n * USDC]))[0]).to.equal(
      "MarketExpiredError",
    );
  });

  it("gives readable messages for the errors that need unusual tokens or deployments", function () {
    const cases: [Parameters<typeof revertErrorFromArgs>[0], unknown[], string][] = [
      ["MarketRoyaltyAbovePrice", [11n, 10n], "The royalty 11 is above the sale price 10"],
      [
        "MarketPaymentMismatch",
        [100n, 99n],
        "The payment token delivered 99 instead of 100 (fee-on-transfer tokens are not supported)",
      ],
      [
        "MarketWrongRig",
        [2_000_000_000_001n, 1n],
        "Position 2000000000001 is not a position of rig 1, which the offer is for",
      ],
      ["MarketExpired", [0n], "The order expired at 1970-01-01T00:00:00Z"],
      [
        "MarketPositionChanged",
        [5n],
        "Position 5 changed since it was listed (it moved, was split, merged or re-listed): the listing is stale",
      ],
      ["FunderUnknownRig", [7n], "Rig 7 does not exist: the epoch funder knows no such rig"],
      ["MarketInvalidShares", [0n, 3n], "Zero shares requested (3 available)"],
    ];
    for (const [name, args, message] of cases) {
      const e = revertErrorFromArgs(name, args);
      expect([e.name, e.shortMessage]).to.deep.equal([`${name}Error`, message]);
    }
    const missing = new MissingContractError("ShareMarket");
    expect(missing.shortMessage).to.equal(
      "This deployment has no ShareMarket in its address book: redeploy with scripts/deploy.ts, which deploys the market",
    );
  });

  it("binds the market actions in the decorators", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const reader = m.publicClient.extend(rigsharePublicActions(m.contracts));
    const writer = m.alice.extend(rigshareWalletActions(m.contracts));
    const expiry = BigInt(await time.latest()) + DAY;
    await writer.listPosition({ positionId: m.alicePos, paymentToken: m.usdc.address, pricePerShare: USDC, expiry });
    expect((await reader.getListing({ positionId: m.alicePos })).status).to.equal("live");
    expect(await reader.getMarketProceeds({ account: m.alice.account.address, token: m.usdc.address })).to.equal(0n);
  });

  it("throws MissingContractError for market actions when the address book has no market", async function () {
    const m = await networkHelpers.loadFixture(sdkMarketFixture);
    const { market: _, ...contracts } = m.contracts;
    const e = await caught(() => getListing(m.publicClient, { contracts, positionId: m.alicePos }));
    expect(e.name).to.equal("MissingContractError");
  });
});
