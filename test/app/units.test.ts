// The web app's pure modules, without a browser: display formatting (exact decimals from base units),
// signed offers as text (what one browser exports and another imports) and how errors read (a wallet
// refusal is a rejection; a revert reads as its custom error's message, however deeply viem wraps it).
import { expect } from "chai";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  encodeErrorResult,
  getAddress,
} from "viem";

import { describeError } from "../../app/src/tx/describeError.js";
import {
  formatAmount,
  formatDuration,
  formatEfficiency,
  formatHashrate,
  formatToken,
  shortAddress,
} from "../../app/src/format.js";
import { InvalidOfferError, decodeOffer, encodeOffer, type StoredOffer } from "../../app/src/market/offerCodec.js";
import { shareMarketAbi } from "../../sdk/abis.js";

const WBTC = { address: getAddress("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"), symbol: "WBTC", decimals: 8 };

describe("web app: formatting", function () {
  it("formats base units exactly, cutting (never rounding up) to the fraction asked", function () {
    expect(formatAmount(123_456_789n, WBTC)).to.equal("1.23456789");
    expect(formatAmount(123_456_789n, WBTC, 3)).to.equal("1.234");
    expect(formatToken(10n ** 8n, WBTC)).to.equal("1 WBTC");
    expect(formatToken(1n, WBTC)).to.equal("0.00000001 WBTC");
    expect(formatToken(5n, undefined)).to.equal("5 units");
  });

  it("formats hashrates, efficiencies, durations and addresses", function () {
    expect(formatHashrate(200n * 10n ** 12n)).to.equal("200 TH/s");
    expect(formatHashrate(1_500n)).to.equal("1.5 kH/s");
    expect(formatHashrate(999n)).to.equal("999 H/s");
    expect(formatHashrate(2n * 10n ** 18n)).to.equal("2 EH/s");
    expect(formatEfficiency(3_500n, 200n * 10n ** 12n)).to.equal("17.5 J/TH");
    expect(formatEfficiency(3_500n, 0n)).to.equal("–");
    expect(formatDuration(90_061n)).to.equal("1 d 1 h");
    expect(formatDuration(3_661n)).to.equal("1 h 1 min");
    expect(formatDuration(61n)).to.equal("1 min 1 s");
    expect(formatDuration(0n)).to.equal("0 s");
    expect(shortAddress(WBTC.address)).to.equal("0x9fE4…a6e0");
  });
});

describe("web app: signed offers as text", function () {
  const stored: StoredOffer = {
    offer: {
      buyer: getAddress("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"),
      rigId: 1n,
      maxShares: 4n,
      paymentToken: getAddress("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
      pricePerShare: 105_000_000n,
      expiry: 1_800_000_000n,
      counter: 0n,
      salt: 2n ** 255n + 7n,
    },
    signature: `0x${"ab".repeat(65)}`,
    orderHash: `0x${"cd".repeat(32)}`,
  };

  it("round-trips an offer through its exported text, bigints included", function () {
    expect(decodeOffer(encodeOffer(stored))).to.deep.equal(stored);
  });

  it("refuses text that is not an offer, saying what is wrong", function () {
    const bad = (text: string) => () => decodeOffer(text);
    expect(bad("hello")).to.throw(InvalidOfferError, "expected JSON");
    expect(bad(encodeOffer({ ...stored, offer: { ...stored.offer, buyer: "0x12" as never } }))).to.throw(
      InvalidOfferError,
      'the offer\'s "buyer" must be an address',
    );
    expect(bad(encodeOffer({ ...stored, signature: "nope" as never }))).to.throw(
      InvalidOfferError,
      '"signature" must be 65 bytes',
    );
    const withoutSalt = JSON.parse(encodeOffer(stored));
    delete withoutSalt.offer.salt;
    expect(bad(JSON.stringify(withoutSalt))).to.throw(InvalidOfferError, '"salt" must be a whole number');
    const negative = JSON.parse(encodeOffer(stored));
    negative.offer.maxShares = "-4";
    expect(bad(JSON.stringify(negative))).to.throw(InvalidOfferError, '"maxShares" must be a whole number');
  });
});

describe("web app: error messages", function () {
  it("reads a refusal in the wallet as a rejection, at any depth of wrapping", function () {
    const rejected = { kind: "rejected", message: "You rejected the request in your wallet; nothing was sent." };
    expect(describeError({ code: 4001, message: "User rejected the request." })).to.deep.equal(rejected);
    expect(describeError(new UserRejectedRequestError(new Error("no")))).to.deep.equal(rejected);
    expect(describeError(new Error("outer", { cause: { code: 4001 } }))).to.deep.equal(rejected);
  });

  it("reads a revert as its custom error's message", function () {
    const data = encodeErrorResult({ abi: shareMarketAbi, errorName: "MarketInvalidShares", args: [2n, 30n] });
    const revert = new ContractFunctionRevertedError({ abi: shareMarketAbi, data, functionName: "buy" });
    const error = new ContractFunctionExecutionError(revert, {
      abi: shareMarketAbi,
      functionName: "buy",
      args: [1n, 2n, 3n],
    });
    const { kind, message } = describeError(error);
    expect(kind).to.equal("failed");
    expect(message).to.match(/^2 shares/);
    expect(message).not.to.match(/0x|reverted/);
  });

  it("falls back to viem's short message, then to the error's own", function () {
    expect(describeError(new BaseError("node unreachable"))).to.deep.equal({
      kind: "failed",
      message: "node unreachable",
    });
    expect(describeError(new Error("boom"))).to.deep.equal({ kind: "failed", message: "boom" });
    expect(describeError("text")).to.deep.equal({ kind: "failed", message: "text" });
  });
});
