// The table of orders the relay must refuse, one case per validation rule, each with the HTTP status and
// error code it must get. Every case builds its input from real chain state (a position, a counter, an
// allowance) and a real signature, so a refusal means the rule fired, not that the input was garbage.
// `runBadOrders` counts `tried` against `rejected` (as the rule expects, with the store unchanged): the
// relay test asserts every case, and a benchmark can run the same table.
import { type Address, type Hex, getAddress, maxUint256, zeroAddress } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { signTypedData } from "viem/actions";

import type { RelayErrorCode } from "../../relay/errors.js";
import type { RelayServer } from "../../relay/server.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { incrementCounter } from "../../sdk/actions/incrementCounter.js";
import { mint } from "../../sdk/actions/mint.js";
import { rentPosition } from "../../sdk/actions/rentPosition.js";
import { rewardDistributorAbi, shareMarketAbi } from "../../sdk/abis.js";
import { OFFER_TYPES, SIGNED_LISTING_TYPES, marketDomain } from "../../sdk/internal/market.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { type SignedOrder, encodeSignedOrder, signedOrderJson } from "../../sdk/signedOrders.js";
import type { WriteClient } from "../../sdk/types.js";
import type { SignedListingOrder } from "../../sdk/actions/signListing.js";
import type { OfferOrder } from "../../sdk/actions/signOffer.js";
import { testWalletClient } from "../../scripts/lib/localStack.js";
import {
  DAY,
  type Stack,
  USDC,
  approveUsdc,
  chainTime,
  freshPosition,
  post,
  signedListing,
  signedOffer,
} from "./stack.js";

/** secp256k1's group order: n − s is the malleable twin of s. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export type BadOrderCase = {
  name: string;
  status: number;
  code: RelayErrorCode;
  field?: string;
  /** Which relay gets it: the main one, or the one with a per-maker cap of 1. */
  relay?: "main" | "capped";
  /** The request body (chain actions it needs run here). */
  body: () => Promise<string>;
};

export type BadOrderResult = { name: string; status: number; code: string; field?: string; stored: boolean };

const text = (signed: SignedOrder) => encodeSignedOrder(signed);
const json = (signed: SignedOrder) =>
  JSON.parse(JSON.stringify(signedOrderJson(signed), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));

/** Signs any listing or offer as `who` under `chainId` / `market` (default: the deployment's). */
export async function signRaw<K extends SignedOrder["kind"]>(
  stack: Stack,
  who: WriteClient,
  kind: K,
  order: K extends "listing" ? SignedListingOrder : OfferOrder,
  domain: { chainId?: number; market?: Address } = {},
): Promise<SignedOrder> {
  const d = marketDomain(domain.chainId ?? stack.book.chainId, domain.market ?? stack.contracts.market);
  const signature =
    kind === "listing"
      ? await signTypedData(who, {
          account: who.account,
          domain: d,
          types: SIGNED_LISTING_TYPES,
          primaryType: "SignedListing",
          message: order as SignedListingOrder,
        })
      : await signTypedData(who, {
          account: who.account,
          domain: d,
          types: OFFER_TYPES,
          primaryType: "Offer",
          message: order as OfferOrder,
        });
  return kind === "listing"
    ? { kind: "listing", order: order as SignedListingOrder, signature }
    : { kind: "offer", order: order as OfferOrder, signature };
}

const counterOf = (stack: Stack, who: Address) =>
  stack.client.readContract({
    address: stack.contracts.market,
    abi: shareMarketAbi,
    functionName: "counterOf",
    args: [who],
  });
const versionOf = async (stack: Stack, positionId: bigint) =>
  BigInt(
    (
      await stack.client.readContract({
        address: stack.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
      })
    ).version,
  );

/**
 * The cases. `alice` owns a fresh approved position of 60 shares; `bob` holds USDC; `carol` has the seeded
 * position 1000000000001 listed for rent; a key with nothing signs the unfunded offer.
 */
export async function badOrderCases(stack: Stack): Promise<BadOrderCase[]> {
  const { alice, bob, carol } = stack;
  const alicePos = await freshPosition(stack, alice, 60n);
  const aliceAddr = getAddress(alice.account.address);
  const listing = async (over: Partial<SignedListingOrder> = {}, who: WriteClient = alice) => {
    const seller = getAddress(who.account.address);
    const base: SignedListingOrder = {
      seller,
      positionId: alicePos,
      shares: 10n,
      version: await versionOf(stack, over.positionId ?? alicePos),
      paymentToken: stack.usdc,
      pricePerShare: 100n * USDC,
      minFill: 1n,
      expiry: (await chainTime(stack)) + 7n * DAY,
      counter: await counterOf(stack, seller),
      salt: BigInt(Math.floor(Math.random() * 2 ** 48)),
    };
    return { ...base, ...over };
  };
  const offer = async (over: Partial<OfferOrder> = {}, who: WriteClient = bob) => {
    const buyer = getAddress(who.account.address);
    const base: OfferOrder = {
      buyer,
      rigId: 1n,
      maxShares: 5n,
      paymentToken: stack.usdc,
      pricePerShare: 80n * USDC,
      expiry: (await chainTime(stack)) + 7n * DAY,
      counter: await counterOf(stack, buyer),
      salt: BigInt(Math.floor(Math.random() * 2 ** 48)),
    };
    return { ...base, ...over };
  };
  const good = () => signedListing(stack, alice, alicePos, { shares: 10n });
  const withSignature = async (mutate: (sig: Hex) => Hex) => {
    const s = await good();
    return text({ ...s, signature: mutate(s.signature) });
  };

  return [
    {
      name: "a body over the size limit",
      status: 413,
      code: "body_too_large",
      body: async () => JSON.stringify({ ...json(await good()), padding: "x".repeat(9 * 1024) }),
    },
    { name: "not JSON", status: 400, code: "invalid_json", body: async () => "{ listing: nope" },
    { name: "neither a listing nor an offer", status: 400, code: "invalid_order", body: async () => '{"bid":{}}' },
    {
      name: "a malformed field",
      status: 400,
      code: "invalid_field",
      field: "positionId",
      body: async () => {
        const j = json(await good());
        j.listing.positionId = "12abc";
        return JSON.stringify(j);
      },
    },
    {
      name: "a number beyond uint256",
      status: 400,
      code: "invalid_field",
      field: "salt",
      body: async () => {
        const j = json(await good());
        j.listing.salt = (maxUint256 + 1n).toString();
        return JSON.stringify(j);
      },
    },
    {
      name: "zero shares",
      status: 400,
      code: "invalid_field",
      field: "shares",
      body: async () => text(await signRaw(stack, alice, "listing", await listing({ shares: 0n }))),
    },
    {
      name: "a zero price",
      status: 400,
      code: "invalid_field",
      field: "pricePerShare",
      body: async () => text(await signRaw(stack, bob, "offer", await offer({ pricePerShare: 0n }))),
    },
    {
      name: "no payment token",
      status: 400,
      code: "invalid_field",
      field: "paymentToken",
      body: async () => text(await signRaw(stack, bob, "offer", await offer({ paymentToken: zeroAddress }))),
    },
    {
      name: "another chain id",
      status: 400,
      code: "wrong_chain",
      field: "chainId",
      body: async () => text({ ...(await good()), chainId: 1 }),
    },
    {
      name: "another market",
      status: 400,
      code: "wrong_market",
      field: "market",
      body: async () => text({ ...(await good()), market: stack.contracts.rigShares }),
    },
    {
      name: "an order hash that is not the order's",
      status: 400,
      code: "order_hash_mismatch",
      field: "orderHash",
      body: async () => text({ ...(await good()), orderHash: `0x${"ab".repeat(32)}` }),
    },
    {
      name: "a 64-byte signature",
      status: 400,
      code: "signature_length",
      field: "signature",
      body: () => withSignature((sig) => sig.slice(0, 130) as Hex),
    },
    {
      name: "a high-s (malleable) signature",
      status: 400,
      code: "signature_malleable",
      field: "signature",
      body: () =>
        withSignature((sig) => {
          const s = BigInt(`0x${sig.slice(66, 130)}`);
          const v = parseInt(sig.slice(130), 16);
          return `${sig.slice(0, 66)}${(N - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
        }),
    },
    {
      name: "v of 0/1 instead of 27/28",
      status: 400,
      code: "signature_v",
      field: "signature",
      body: () => withSignature((sig) => `${sig.slice(0, 130)}0${parseInt(sig.slice(130), 16) - 27}` as Hex),
    },
    {
      name: "a price changed after signing",
      status: 400,
      code: "signature_mismatch",
      field: "signature",
      body: async () => {
        const s = await good();
        return text({ ...s, orderHash: undefined, order: { ...s.order, pricePerShare: s.order.pricePerShare - 1n } });
      },
    },
    {
      name: "signed by someone else than the seller",
      status: 400,
      code: "signature_mismatch",
      field: "signature",
      body: async () => {
        const forged = await signRaw(stack, bob, "listing", await listing());
        return text({
          ...forged,
          order: { ...(forged.order as SignedListingOrder), seller: aliceAddr },
        } as SignedOrder);
      },
    },
    {
      name: "signed for another chain's domain",
      status: 400,
      code: "signature_mismatch",
      field: "signature",
      body: async () => text(await signRaw(stack, alice, "listing", await listing(), { chainId: 1 })),
    },
    {
      name: "expired (expiry is the latest block's time)",
      status: 422,
      code: "expired",
      field: "expiry",
      body: async () => text(await signRaw(stack, alice, "listing", await listing({ expiry: await chainTime(stack) }))),
    },
    {
      name: "a counter ahead of the maker's",
      status: 422,
      code: "counter_not_current",
      field: "counter",
      body: async () =>
        text(
          await signRaw(stack, alice, "listing", await listing({ counter: (await counterOf(stack, aliceAddr)) + 1n })),
        ),
    },
    {
      name: "a counter the maker has since incremented (voided)",
      status: 422,
      code: "counter_not_current",
      field: "counter",
      body: async () => {
        const voided = await signRaw(stack, carol, "offer", await offer({}, carol));
        await incrementCounter(carol, { contracts: stack.contracts });
        return text(voided);
      },
    },
    {
      name: "cancelled on chain",
      status: 422,
      code: "cancelled",
      body: async () => {
        const s = await good();
        await cancelOrder(alice, { contracts: stack.contracts, kind: "listing", order: s.order });
        return text(s);
      },
    },
    {
      name: "already filled",
      status: 422,
      code: "filled",
      body: async () => {
        const s = await signedOffer(stack, bob, { maxShares: 5n, pricePerShare: 80n * USDC });
        await fillOffer(alice, {
          contracts: stack.contracts,
          offer: s.order,
          signature: s.signature,
          positionId: alicePos,
          shares: 5n,
        });
        return text(s);
      },
    },
    {
      name: "a position the seller does not own",
      status: 422,
      code: "position_transferred",
      body: async () => text(await signRaw(stack, bob, "listing", await listing({}, bob))),
    },
    {
      name: "a position that does not exist",
      status: 422,
      code: "position_burned",
      body: async () =>
        text(await signRaw(stack, alice, "listing", await listing({ positionId: encodePositionId(1n, 999_999n) }))),
    },
    {
      name: "a version the position is not at",
      status: 422,
      code: "position_changed",
      body: async () =>
        text(
          await signRaw(stack, alice, "listing", await listing({ version: (await versionOf(stack, alicePos)) + 1n })),
        ),
    },
    {
      name: "more shares than the position holds",
      status: 422,
      code: "shares_exceed_position",
      field: "shares",
      body: async () => text(await signRaw(stack, alice, "listing", await listing({ shares: 1_000n }))),
    },
    {
      name: "the market not approved for the seller's positions",
      status: 422,
      code: "market_not_approved",
      body: async () => {
        const { positionId } = await mint(bob, { contracts: stack.contracts, rigId: 1n, shares: 5n });
        return text(await signRaw(stack, bob, "listing", await listing({ positionId }, bob)));
      },
    },
    {
      name: "a position rented out",
      status: 422,
      code: "position_rented",
      body: async () => {
        const rented = encodePositionId(1n, 1n);
        await rentPosition(bob, { contracts: stack.contracts, positionId: rented, days: 2n });
        return text(await signRaw(stack, carol, "listing", await listing({ positionId: rented, shares: 5n }, carol)));
      },
    },
    {
      name: "an offer for a rig that does not exist",
      status: 422,
      code: "unknown_rig",
      body: async () => text(await signRaw(stack, bob, "offer", await offer({ rigId: 99n }))),
    },
    {
      name: "an offer its buyer cannot pay",
      status: 422,
      code: "insufficient_balance",
      body: async () => {
        const broke = testWalletClient(stack.node.url, stack.node.chainId, generatePrivateKey());
        return text(await signRaw(stack, broke, "offer", await offer({}, broke)));
      },
    },
    {
      name: "an offer beyond the buyer's allowance",
      status: 422,
      code: "insufficient_allowance",
      body: async () => {
        await approveUsdc(stack, bob, 100n * USDC);
        return text(await signRaw(stack, bob, "offer", await offer({ maxShares: 5n, pricePerShare: 80n * USDC })));
      },
    },
    {
      name: "a second live order beyond a per-maker cap of 1",
      status: 429,
      code: "too_many_orders",
      relay: "capped",
      body: async () => text(await good()),
    },
  ];
}

/** Posts every case to its relay; a case counts as rejected when status, code, field and store all match. */
export async function runBadOrders(
  cases: BadOrderCase[],
  relays: { main: RelayServer; capped: RelayServer },
): Promise<{ tried: number; rejected: number; results: BadOrderResult[] }> {
  let tried = 0;
  let rejected = 0;
  const results: BadOrderResult[] = [];
  for (const c of cases) {
    const relay = relays[c.relay ?? "main"];
    const body = await c.body();
    const before = await relay.store.count();
    const { status, json: answer } = await post(relay, body);
    const error = (answer as { error?: { code: string; field?: string } }).error;
    const stored = (await relay.store.count()) !== before;
    tried++;
    const result: BadOrderResult = {
      name: c.name,
      status,
      code: error?.code ?? "(none)",
      ...(error?.field ? { field: error.field } : {}),
      stored,
    };
    results.push(result);
    if (status === c.status && error?.code === c.code && error.field === c.field && !stored) rejected++;
  }
  return { tried, rejected, results };
}
