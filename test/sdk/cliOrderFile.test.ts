// Unit tests of the CLI's signed-order files (cli/orderFile.ts), written by `listing sign` and
// `offer create` and read by the fill, cancel and status commands: exact round trips of both kinds, offer
// files of the older shape (no hash, no network), the web app's offer text, and a one-line UsageError
// naming the file (and the field) for anything malformed.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { decodeOffer, encodeOffer } from "../../app/src/market/offerCodec.js";
import { UsageError } from "../../cli/errors.js";
import { type OrderFile, decodeOrderFile, encodeOrderFile, readOrderFile } from "../../cli/orderFile.js";

const SELLER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const MARKET = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const SIG = `0x${"ab".repeat(65)}` as const;
const HASH = `0x${"cd".repeat(32)}` as const;

const listing: OrderFile = {
  kind: "listing",
  order: {
    seller: SELLER,
    positionId: 1_000_000_000_004n,
    shares: 40n,
    version: 3n,
    paymentToken: USDC,
    pricePerShare: 110_000_000n,
    minFill: 5n,
    expiry: 1_900_000_000n,
    counter: 0n,
    salt: 2n ** 127n + 1n,
  },
  signature: SIG,
  orderHash: HASH,
  chainId: 31337,
  market: MARKET,
};
const offer: OrderFile = {
  kind: "offer",
  order: {
    buyer: SELLER,
    rigId: 1n,
    maxShares: 20n,
    paymentToken: USDC,
    pricePerShare: 130_000_000n,
    expiry: 1_900_000_000n,
    counter: 2n,
    salt: 7n,
  },
  signature: SIG,
  orderHash: HASH,
};

/** `text` with one field of the order replaced. */
function edit(file: OrderFile, field: string, value: unknown): string {
  const json = JSON.parse(encodeOrderFile(file)) as Record<string, Record<string, unknown>>;
  json[file.kind][field] = value;
  return JSON.stringify(json);
}

describe("CLI order files", function () {
  it("round-trips signed listings and offers exactly, amounts as decimal strings", function () {
    const text = encodeOrderFile(listing);
    expect(text.endsWith("}\n")).to.equal(true);
    const json = JSON.parse(text) as { listing: Record<string, string>; signature: string };
    expect(Object.keys(json)).to.deep.equal(["listing", "signature", "orderHash", "chainId", "market"]);
    expect(json.listing.salt).to.equal((2n ** 127n + 1n).toString());
    expect(decodeOrderFile(text, "l.json")).to.deep.equal(listing);
    expect(decodeOrderFile(text, "l.json", "listing")).to.deep.equal(listing);
    expect(decodeOrderFile(encodeOrderFile(offer), "o.json", "offer")).to.deep.equal(offer);
  });

  it("reads offer files without hash or network, and lower-case addresses", function () {
    const old = JSON.stringify({
      offer: { ...JSON.parse(encodeOrderFile(offer)).offer, buyer: SELLER.toLowerCase() },
      signature: SIG,
    });
    const { orderHash: _hash, ...rest } = offer;
    expect(decodeOrderFile(old, "old.json", "offer")).to.deep.equal(rest);
  });

  it("writes offers the web app imports, and imports the web app's", function () {
    const stored = decodeOffer(encodeOrderFile(offer));
    expect(stored).to.deep.equal({ offer: offer.order, signature: SIG, orderHash: HASH });
    expect(decodeOrderFile(encodeOffer(stored), "app.txt", "offer")).to.deep.equal(offer);
  });

  it("refuses malformed files with one line naming the file and the field", function () {
    const fails = (text: string, message: string | RegExp, expected?: "listing" | "offer") =>
      expect(() => decodeOrderFile(text, "x.json", expected)).to.throw(UsageError, message);
    fails("{", /^listing file x\.json is not JSON: /, "listing");
    fails("not json", /^order file x\.json is not JSON: /);
    fails("[]", "x.json is not an order file (rigshare listing sign or offer create --out <file>)");
    fails('{"report":{}}', "x.json is not a listing file (rigshare listing sign --out <file>)", "listing");
    fails(encodeOrderFile(listing), "x.json is not an offer file (rigshare offer create --out <file>)", "offer");
    fails(encodeOrderFile(offer), "x.json is not a listing file (rigshare listing sign --out <file>)", "listing");
    fails(edit(listing, "shares", "-1"), 'listing file x.json: "shares" must be a whole number in base units');
    fails(edit(listing, "shares", "1e3"), 'listing file x.json: "shares" must be a whole number in base units');
    fails(edit(listing, "salt", 1.5), 'listing file x.json: "salt" must be a whole number in base units');
    fails(edit(offer, "maxShares", undefined), 'offer file x.json: "maxShares" must be a whole number in base units');
    fails(edit(listing, "seller", "0x1234"), 'listing file x.json: "seller" must be an address');
    fails(
      JSON.stringify({ ...JSON.parse(encodeOrderFile(listing)), signature: "0x12" }),
      'listing file x.json: "signature" must be 65 bytes of 0x-hex',
    );
    fails(
      JSON.stringify({ ...JSON.parse(encodeOrderFile(listing)), orderHash: "0x12" }),
      'listing file x.json: "orderHash" must be 32 bytes of 0x-hex',
    );
    fails(
      JSON.stringify({ ...JSON.parse(encodeOrderFile(listing)), chainId: "mainnet" }),
      'listing file x.json: "chainId" must be a chain id',
    );
  });

  it("reads files from disk, a missing one being a one-line UsageError", async function () {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rigshare-orderfile-"));
    try {
      const file = path.join(dir, "listing.json");
      await writeFile(file, encodeOrderFile(listing));
      expect(await readOrderFile(file, "listing")).to.deep.equal(listing);
      const missing = path.join(dir, "missing.json");
      const error = await readOrderFile(missing, "listing").catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.match(/^cannot read the listing file .*missing\.json: ENOENT/);
      expect((error as Error).message).to.not.include("\n");
      const none = await readOrderFile(undefined).catch((e: unknown) => e);
      expect((none as Error).message).to.equal("missing order file");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
