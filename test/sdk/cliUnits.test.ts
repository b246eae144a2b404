// Unit tests of the CLI's argument validation and output formatting (cli/args.ts, cli/format.ts): every
// malformed value is a one-line UsageError before any RPC call; tables align; JSON keeps bigints exact.
import { expect } from "chai";

import {
  parseAddress,
  parseAmount,
  parseBps,
  parseCount,
  parseDuration,
  parseHashrate,
  parseId,
  parseReportJson,
  parseSignatures,
} from "../../cli/args.js";
import { UsageError } from "../../cli/errors.js";
import { amount, hashrate, table, toJson } from "../../cli/format.js";

describe("CLI arguments and output", function () {
  it("validates ids, counts, addresses, amounts, hashrates, durations and bps with one-line messages", function () {
    expect(parseId("1000000000001", "position id")).to.equal(1_000_000_000_001n);
    expect(() => parseId(undefined, "rig id")).to.throw(UsageError, "missing rig id");
    expect(() => parseId("abc", "rig id")).to.throw(UsageError, 'invalid amount "abc": rig id must be a whole number');
    expect(() => parseCount("0", "shares")).to.throw(UsageError, 'invalid amount "0": shares must be at least 1');
    expect(parseCount("0", "--epoch", { allowZero: true })).to.equal(0n);
    expect(parseAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "receiver")).to.equal(
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    );
    expect(() => parseAddress("0x123", "receiver")).to.throw(UsageError, 'invalid address "0x123" for receiver');
    expect(parseAmount("0.5", 8, "amount")).to.equal(50_000_000n);
    expect(() => parseAmount("0.123456789", 8, "amount")).to.throw(
      UsageError,
      'invalid amount "0.123456789": more than 8 decimals',
    );
    expect(parseHashrate("200T")).to.equal(200n * 10n ** 12n);
    expect(parseHashrate("16 GH/s")).to.equal(16n * 10n ** 9n);
    expect(parseHashrate("1.5k")).to.equal(1_500n);
    expect(() => parseHashrate("fast")).to.throw(UsageError, 'invalid hashrate "fast"');
    expect(parseDuration("1d", "--epoch-length")).to.equal(86_400);
    expect(parseDuration("12h", "--epoch-length")).to.equal(43_200);
    expect(parseDuration("3600", "--epoch-length")).to.equal(3_600);
    expect(() => parseDuration("1w", "--epoch-length")).to.throw(UsageError);
    expect(parseBps("250", "--royalty-bps", 1_000)).to.equal(250);
    expect(() => parseBps("1001", "--royalty-bps", 1_000)).to.throw(
      UsageError,
      "--royalty-bps must be at most 1000 bps",
    );
  });

  it("reads epoch report files and signature lists, with one-line errors for malformed ones", function () {
    const sig = `0x${"ab".repeat(65)}`;
    const parsed = parseReportJson(
      JSON.stringify({
        rigId: 1,
        epoch: "20412",
        deliveredHashrate: "190000000000000",
        uptimeBps: 9_900,
        grossReward: "12000",
        energyWh: 82_000,
        signatures: [sig],
      }),
      "r.json",
    );
    expect(parsed).to.deep.equal({
      report: {
        rigId: 1n,
        epoch: 20_412n,
        deliveredHashrate: 190n * 10n ** 12n,
        uptimeBps: 9_900n,
        grossReward: 12_000n,
        energyWh: 82_000n,
      },
      signatures: [sig],
    });
    expect(() => parseReportJson("{", "r.json")).to.throw(UsageError, /^report file r\.json is not JSON: /);
    expect(() => parseReportJson('{"rigId":1}', "r.json")).to.throw(
      UsageError,
      'report file r.json: "epoch" must be a whole number in base units',
    );
    expect(() =>
      parseReportJson(
        '{"rigId":1,"epoch":2,"deliveredHashrate":3,"uptimeBps":4,"grossReward":-5,"energyWh":6}',
        "r.json",
      ),
    ).to.throw(UsageError, 'report file r.json: "grossReward" must be a whole number in base units');
    expect(parseSignatures(` ${sig} ,${sig}`)).to.deep.equal([sig, sig]);
    expect(() => parseSignatures("0x12")).to.throw(UsageError, 'invalid signature "0x12": expected 65 bytes of 0x-hex');
    expect(() => parseSignatures(undefined)).to.throw(UsageError, "missing --signatures");
  });

  it("formats amounts, hashrates, tables and JSON", function () {
    expect(amount(1_234_567_890_000n, 6, "USDC")).to.equal("1,234,567.89 USDC");
    expect(amount(5n, 8)).to.equal("0.00000005");
    expect(hashrate(200n * 10n ** 12n)).to.equal("200 TH/s");
    expect(hashrate(16_500_000_000n)).to.equal("16.5 GH/s");
    expect(hashrate(999n)).to.equal("999 H/s");
    expect(
      table(
        ["id", "name", "shares"],
        [
          ["1", "a", "10"],
          ["12", "bb", "5"],
        ],
      ).split("\n"),
    ).to.deep.equal(["id  name  shares", "──  ────  ──────", " 1  a         10", "12  bb         5"]);
    expect(JSON.parse(toJson({ v: 2n ** 200n }))).to.deep.equal({ v: (2n ** 200n).toString() });
  });
});
