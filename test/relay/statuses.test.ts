// Live statuses driven by real chain actions on a `hardhat node`: a signed listing filled in part then in
// full, cancelled, voided by a counter increment, expired; its position transferred away, split, merged
// or burned, the market's approval revoked and granted again; an offer filled in part and its allowance
// dropped. Also the book's order (best price first), its filters, and that a whole page is judged from a
// single chain snapshot.
import path from "node:path";

import { expect } from "chai";
import { type Hex, createPublicClient, getAddress, http } from "viem";
import { writeContract } from "viem/actions";

import type { ChainView } from "../../relay/chainView.js";
import { rpcChainView } from "../../relay/rpcChainView.js";
import type { RelayServer } from "../../relay/server.js";
import { buySignedListing } from "../../sdk/actions/buySignedListing.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { incrementCounter } from "../../sdk/actions/incrementCounter.js";
import { merge } from "../../sdk/actions/merge.js";
import { split } from "../../sdk/actions/split.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { type RelayOrder, getOrders, getRelayOrder, submitOrder } from "../../sdk/relay.js";
import type { SignedOrder } from "../../sdk/signedOrders.js";
import { HARDHAT_KEYS, testWalletClient } from "../../scripts/lib/localStack.js";
import { shareMarketAbi } from "../../sdk/abis.js";
import { encodeSignedOrder } from "../../sdk/signedOrders.js";
import {
  DAY,
  type Stack,
  USDC,
  approveMarket,
  approveUsdc,
  chainTime,
  freshPosition,
  increaseTime,
  openRelay,
  post,
  signedListing,
  signedOffer,
  startStack,
} from "./stack.js";

describe("order relay: live statuses from chain state", function () {
  this.timeout(150_000);

  let stack: Stack | undefined;
  let relay: RelayServer | undefined;
  let snapshots = 0;
  let rpcRequests = 0;

  const submit = async (signed: SignedOrder) => {
    const stored = await submitOrder(relay!.url, signed);
    expect(stored.status).to.equal("open");
    return signed.orderHash as Hex;
  };
  const state = async (hash: Hex) => {
    const o = await getRelayOrder(relay!.url, hash);
    return { status: o.status, filled: o.filled, remaining: o.remaining, ...(o.reason ? { reason: o.reason } : {}) };
  };

  before(async function () {
    stack = await startStack("statuses");
    // Counts the snapshots the relay takes and the HTTP requests they make, to check what a page costs.
    const overRpc = rpcChainView({
      client: createPublicClient({
        transport: http(stack.node.url, {
          onFetchRequest: () => {
            rpcRequests++;
          },
        }),
      }),
      contracts: stack.contracts,
    });
    const counting: ChainView = {
      snapshot: (request) => {
        snapshots++;
        return overRpc.snapshot(request);
      },
    };
    relay = await openRelay(stack, { dataDir: path.join(stack.tmp, "relay") }, {}, counting);
  });

  after(async function () {
    await relay?.close();
    await stack?.stop();
  });

  it("follows a listing through a partial fill to a full fill, and an offer through a partial fill", async function () {
    const s = stack!;
    const pos = await freshPosition(s, s.alice, 60n);
    const listing = await signedListing(s, s.alice, pos, { minFill: 10n });
    const hash = await submit(listing);
    expect(await state(hash)).to.deep.equal({ status: "open", filled: 0n, remaining: 60n });

    await buySignedListing(s.carol, {
      contracts: s.contracts,
      order: listing.order,
      signature: listing.signature,
      shares: 20n,
      approve: "max",
    });
    expect(await state(hash)).to.deep.equal({ status: "partial", filled: 20n, remaining: 40n });
    await buySignedListing(s.carol, {
      contracts: s.contracts,
      order: listing.order,
      signature: listing.signature,
      shares: 40n,
      approve: "max",
    });
    expect(await state(hash)).to.deep.equal({ status: "filled", filled: 60n, remaining: 0n });

    const offer = await signedOffer(s, s.bob, { maxShares: 10n, pricePerShare: 90n * USDC });
    const offerHash = await submit(offer);
    const sellerPos = await freshPosition(s, s.alice, 8n);
    await fillOffer(s.alice, {
      contracts: s.contracts,
      offer: offer.order,
      signature: offer.signature,
      positionId: sellerPos,
      shares: 4n,
    });
    expect(await state(offerHash)).to.deep.equal({ status: "partial", filled: 4n, remaining: 6n });
    // The buyer drops its allowance below the price of the 6 shares left: unfillable, and back once restored.
    await approveUsdc(s, s.bob, 6n * 90n * USDC - 1n);
    expect(await state(offerHash)).to.deep.equal({
      status: "unfillable",
      filled: 4n,
      remaining: 0n,
      reason: "insufficient_allowance",
    });
    await approveUsdc(s, s.bob, 6n * 90n * USDC);
    expect(await state(offerHash)).to.deep.equal({ status: "partial", filled: 4n, remaining: 6n });
  });

  it("shows cancels and counter increments (voiding every order of the maker)", async function () {
    const s = stack!;
    const cancelled = await signedListing(s, s.alice, await freshPosition(s, s.alice, 5n));
    const cancelledHash = await submit(cancelled);
    await cancelOrder(s.alice, { contracts: s.contracts, kind: "listing", order: cancelled.order });
    expect(await state(cancelledHash)).to.deep.equal({ status: "cancelled", filled: 0n, remaining: 0n });

    // Holder #3 of the seed (approved the market when it listed on chain) signs a listing and an offer.
    const dave = testWalletClient(s.node.url, s.node.chainId, HARDHAT_KEYS.holders[1]);
    const daveListing = await submit(await signedListing(s, dave, 1_000_000_000_002n, { shares: 10n }));
    const daveOffer = await submit(await signedOffer(s, dave, { maxShares: 3n }));
    await incrementCounter(dave, { contracts: s.contracts });
    expect(await state(daveListing)).to.deep.equal({ status: "voided", filled: 0n, remaining: 0n });
    expect(await state(daveOffer)).to.deep.equal({ status: "voided", filled: 0n, remaining: 0n });
  });

  it("marks a listing unfillable when its position moves, splits, merges or loses the market's approval", async function () {
    const s = stack!;
    const carol = getAddress(s.carol.account.address);
    const moved = await freshPosition(s, s.alice, 7n);
    const splitPos = await freshPosition(s, s.alice, 9n);
    const kept = await freshPosition(s, s.alice, 6n);
    const burned = await freshPosition(s, s.alice, 4n);
    const [movedHash, splitHash, keptHash, burnedHash] = [
      await submit(await signedListing(s, s.alice, moved)),
      await submit(await signedListing(s, s.alice, splitPos)),
      await submit(await signedListing(s, s.alice, kept)),
      await submit(await signedListing(s, s.alice, burned)),
    ];
    await transfer(s.alice, { contracts: s.contracts, positionId: moved, to: carol });
    await split(s.alice, { contracts: s.contracts, positionId: splitPos, shares: 3n });
    await merge(s.alice, { contracts: s.contracts, keptId: kept, burnedId: burned });
    const unfillable = (reason: string) => ({ status: "unfillable", filled: 0n, remaining: 0n, reason });
    expect(await state(movedHash)).to.deep.equal(unfillable("position_transferred"));
    expect(await state(splitHash)).to.deep.equal(unfillable("position_split"));
    expect(await state(keptHash)).to.deep.equal(unfillable("position_merged"));
    expect(await state(burnedHash)).to.deep.equal(unfillable("position_burned"));

    const fine = await submit(await signedListing(s, s.alice, await freshPosition(s, s.alice, 3n)));
    await approveMarket(s, s.alice, false);
    expect(await state(fine)).to.deep.equal(unfillable("market_not_approved"));
    await approveMarket(s, s.alice, true);
    expect(await state(fine)).to.deep.equal({ status: "open", filled: 0n, remaining: 3n });
  });

  it("lists the book best price first, filters it, and judges a page from one chain snapshot", async function () {
    const s = stack!;
    const alice = getAddress(s.alice.account.address);
    const bob = getAddress(s.bob.account.address);
    const prices = [120n, 80n, 100n];
    const listingHashes = new Map<bigint, Hex>();
    for (const p of prices)
      listingHashes.set(
        p,
        await submit(await signedListing(s, s.alice, await freshPosition(s, s.alice, 2n), { pricePerShare: p * USDC })),
      );
    const offerHashes = new Map<bigint, Hex>();
    for (const p of [70n, 95n, 85n])
      offerHashes.set(p, await submit(await signedOffer(s, s.bob, { maxShares: 2n, pricePerShare: p * USDC })));

    const listings = (await getOrders(relay!.url, { side: "listing", maker: alice, rig: 1n })).orders;
    // Alice's open listings: the three above and the one restored in the previous test (100 USDC a share).
    expect(listings.map((o) => o.pricePerShare / USDC)).to.deep.equal([80n, 100n, 100n, 120n]);
    expect(listings.every((o) => o.status === "open" && o.side === "listing" && o.maker === alice)).to.equal(true);
    // Equal prices keep the order of acceptance.
    expect(listings[2]!.orderHash).to.equal(listingHashes.get(100n));

    const before = snapshots;
    const requestsBefore = rpcRequests;
    const offers = (await getOrders(relay!.url, { side: "offer", maker: bob })).orders;
    expect(snapshots - before, "one snapshot for the page").to.equal(1);
    // The latest block, then one multicall (an eth_call) for every read of every order on the page.
    expect(rpcRequests - requestsBefore, "HTTP requests for the page").to.equal(2);
    expect(offers.map((o) => [o.pricePerShare / USDC, o.status])).to.deep.equal([
      [95n, "open"],
      [90n, "partial"],
      [85n, "open"],
      [70n, "open"],
    ]);
    expect(offers.map((o) => o.orderHash).filter((h) => [...offerHashes.values()].includes(h))).to.deep.equal([
      offerHashes.get(95n),
      offerHashes.get(85n),
      offerHashes.get(70n),
    ]);

    // Both sides: listings first (ascending), then offers (descending).
    const both = (await getOrders(relay!.url, { maker: alice, status: "all" })).orders;
    const sides = both.map((o: RelayOrder) => o.side);
    expect(sides.indexOf("offer")).to.equal(-1);
    const statuses = new Set(both.map((o) => o.status));
    expect([...statuses].sort()).to.deep.equal(["cancelled", "filled", "open", "unfillable"]);
    const unfillable = (await getOrders(relay!.url, { status: ["unfillable"] })).orders;
    expect(unfillable.map((o) => o.reason).sort()).to.deep.equal([
      "position_burned",
      "position_merged",
      "position_split",
      "position_transferred",
    ]);
    const filled = (await getOrders(relay!.url, { status: ["filled", "voided"] })).orders;
    expect(filled.map((o) => o.status).sort()).to.deep.equal(["filled", "voided", "voided"]);
    expect((await getOrders(relay!.url, { rig: 2n })).orders).to.deep.equal([]);
    const page = await getOrders(relay!.url, { side: "offer", maker: bob, limit: 2, offset: 1 });
    expect(page.orders.map((o) => o.pricePerShare / USDC)).to.deep.equal([90n, 85n]);
    // Each entry carries the signed order ready for the SDK's fill actions.
    expect(page.orders[0]!.order.kind).to.equal("offer");
    expect(page.orders[0]!.order.signature).to.match(/^0x[0-9a-f]{130}$/);
  });

  it("expires orders when chain time passes their expiry, and records terminal statuses in the store", async function () {
    const s = stack!;
    const soon = (await chainTime(s)) + 3_600n;
    const short = await submit(await signedListing(s, s.alice, await freshPosition(s, s.alice, 2n), { expiry: soon }));
    const long = await submit(await signedOffer(s, s.bob, { maxShares: 1n, expiry: soon + DAY }));
    await increaseTime(s, 3_600n);
    expect(await state(short)).to.deep.equal({ status: "expired", filled: 0n, remaining: 0n });
    expect((await state(long)).status).to.equal("open");

    // Terminal statuses seen so far are on record: they are answered without reading the chain again.
    const closed = await relay!.store.list({ live: false, limit: 100, offset: 0 });
    expect(closed.map((o) => o.closed!.status).sort()).to.deep.equal([
      "cancelled",
      "expired",
      "filled",
      "voided",
      "voided",
    ]);
    const before = snapshots;
    expect(await state(short)).to.deep.equal({ status: "expired", filled: 0n, remaining: 0n });
    expect(snapshots).to.equal(before);
  });

  it("shows every live order unfillable while the market is paused, and refuses new ones", async function () {
    const s = stack!;
    const admin = testWalletClient(s.node.url, s.node.chainId, HARDHAT_KEYS.deployer);
    const pause = async (functionName: "pause" | "unpause") =>
      s.client.waitForTransactionReceipt({
        hash: await writeContract(admin, {
          address: s.contracts.market,
          abi: shareMarketAbi,
          functionName,
          chain: admin.chain,
        }),
      });
    const listed = await submit(await signedListing(s, s.alice, await freshPosition(s, s.alice, 2n)));
    const waiting = await signedListing(s, s.alice, await freshPosition(s, s.alice, 2n));
    await pause("pause");
    try {
      expect(await state(listed)).to.deep.equal({
        status: "unfillable",
        filled: 0n,
        remaining: 0n,
        reason: "market_paused",
      });
      const refused = await post(relay!, encodeSignedOrder(waiting));
      expect([refused.status, (refused.json.error as { code: string }).code]).to.deep.equal([422, "market_paused"]);
    } finally {
      await pause("unpause");
    }
    expect(await state(listed)).to.deep.equal({ status: "open", filled: 0n, remaining: 2n });
  });
});
