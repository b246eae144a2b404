// Unit tests of report building: exact unit conversions, the slot model (averages, uptime, gaps,
// alignment), energy, and the EIP-712 hashing the oracle checks.
import { expect } from "chai";
import { encodeAbiParameters, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { ConfigError, PoolDataError } from "../../oracle/errors.js";
import {
  oracleDomain,
  orderSignatures,
  recoverReportSigner,
  reportStructHash,
  signReport,
} from "../../oracle/eip712.js";
import {
  type HashrateSample,
  averageHashrate,
  buildEpochReport,
  energyWh,
  epochDays,
  epochWindow,
  reportFromJson,
  reportToJson,
  summarizeSamples,
  uptimeBps,
} from "../../oracle/report.js";
import { formatUnits, hashrateToHps, parseJsonExact, parseTimestamp, parseUnitsDown } from "../../oracle/units.js";

const TH = 10n ** 12n;
const DAY = 86_400;
const EPOCH = 20_000n; // 2024-10-04
const START = Number(EPOCH) * DAY;

/** One sample per 600 s slot over the epoch, cycling through `pattern` (TH/s strings). */
function daySamples(
  pattern: string[],
  { skip = () => false }: { skip?: (slot: number) => boolean } = {},
): HashrateSample[] {
  const out: HashrateSample[] = [];
  for (let slot = 0; slot < 144; slot++) {
    if (skip(slot)) continue;
    out.push({ t: START + slot * 600, hashrate: hashrateToHps(pattern[slot % pattern.length], "TH/s") });
  }
  return out;
}

describe("oracle service: units", function () {
  it("converts coin decimals to base units exactly, rounding down extra digits", function () {
    expect(parseUnitsDown("0.00011796", 8)).to.equal(11_796n);
    expect(parseUnitsDown("0.123456789", 8)).to.equal(12_345_678n);
    expect(parseUnitsDown("1.5e-3", 8)).to.equal(150_000n);
    expect(parseUnitsDown("12", 6)).to.equal(12_000_000n);
    expect(parseUnitsDown(".5", 1)).to.equal(5n);
    expect(parseUnitsDown(3n, 8)).to.equal(300_000_000n);
  });

  it("rejects negative, empty and non-numeric amounts", function () {
    for (const bad of ["-1", "", "abc", "1.2.3", "0x10", "1e"]) {
      expect(() => parseUnitsDown(bad, 8), bad).to.throw(PoolDataError);
    }
    expect(() => parseUnitsDown(Number.NaN, 8)).to.throw(PoolDataError);
    expect(() => parseUnitsDown(Number.POSITIVE_INFINITY, 8)).to.throw(PoolDataError);
    expect(() => parseUnitsDown(-0.5, 8)).to.throw(PoolDataError);
  });

  it("converts hashrates in any unit to integer H/s without floating point", function () {
    expect(hashrateToHps("197.25", "TH/s")).to.equal(197_250_000_000_000n);
    expect(hashrateToHps(198.5, "TH/s")).to.equal(198_500_000_000_000n);
    expect(hashrateToHps("1.5", "PH/s")).to.equal(1_500_000_000_000_000n);
    expect(hashrateToHps("2.5", "kH/s")).to.equal(2_500n);
    expect(hashrateToHps("0.0000000000001", "TH/s")).to.equal(0n);
    expect(hashrateToHps(1.5e14, "H/s")).to.equal(150_000_000_000_000n);
  });

  it("keeps JSON numbers as their exact source text", function () {
    const parsed = parseJsonExact('{"amount":0.000117960000000000001,"big":12345678901234567890,"s":"x"}') as Record<
      string,
      string
    >;
    expect(parsed.amount).to.equal("0.000117960000000000001");
    expect(parsed.big).to.equal("12345678901234567890");
    expect(parseUnitsDown(parsed.big, 0)).to.equal(12_345_678_901_234_567_890n);
  });

  it("formats base units as decimals and reads unix or ISO timestamps", function () {
    expect(formatUnits(11_796n, 8)).to.equal("0.00011796");
    expect(formatUnits(100_000_000n, 8)).to.equal("1");
    expect(formatUnits(0n, 8)).to.equal("0");
    expect(parseTimestamp(1_728_000_000)).to.equal(1_728_000_000);
    expect(parseTimestamp("1728000000")).to.equal(1_728_000_000);
    expect(parseTimestamp("2024-10-04T00:00:00Z")).to.equal(START);
    expect(() => parseTimestamp("yesterday")).to.throw(PoolDataError);
  });
});

describe("oracle service: report building", function () {
  const window = epochWindow(EPOCH, DAY);

  it("cuts an epoch into its UTC days and refuses epochs that are not whole days", function () {
    expect(window).to.deep.equal({ epoch: EPOCH, start: START, end: START + DAY });
    expect(epochDays(window)).to.deep.equal(["2024-10-04"]);
    expect(epochDays(epochWindow(10_000n, 2 * DAY))).to.deep.equal(["2024-10-04", "2024-10-05"]);
    expect(() => epochDays(epochWindow(EPOCH * 24n, 3600))).to.throw(ConfigError, /not whole days/);
  });

  it("averages a full day of alternating samples exactly and reports full uptime", function () {
    const s = summarizeSamples(daySamples(["197.25", "199.75"]), window, 600);
    expect(s).to.deep.include({ slots: 144, upSlots: 144, reportedSlots: 144, samplesUsed: 144 });
    expect(averageHashrate(s)).to.equal(198_500_000_000_000n);
    expect(uptimeBps(s)).to.equal(10_000n);
  });

  it("counts zero-hashrate slots as down and averages them in as zero", function () {
    // 24 slots (4 h) at 0 TH/s: 120 up slots of 144.
    const samples = daySamples(["197.25", "199.75"]).map((x, i) => (i >= 36 && i < 60 ? { ...x, hashrate: 0n } : x));
    const s = summarizeSamples(samples, window, 600);
    expect(s.upSlots).to.equal(120);
    expect(uptimeBps(s)).to.equal(8_333n); // 120 × 10,000 / 144 = 8,333.3
    expect(averageHashrate(s)).to.equal(((60n * 197_250n + 60n * 199_750n) * 10n ** 9n) / 144n);
    expect(averageHashrate(s)).to.equal(165_416_666_666_666n);
  });

  it("treats slots without any sample exactly like zero-hashrate slots", function () {
    const zero = daySamples(["197.25", "199.75"]).map((x, i) => (i >= 36 && i < 60 ? { ...x, hashrate: 0n } : x));
    const missing = daySamples(["197.25", "199.75"], { skip: (slot) => slot >= 36 && slot < 60 });
    const a = summarizeSamples(zero, window, 600);
    const b = summarizeSamples(missing, window, 600);
    expect(averageHashrate(b)).to.equal(averageHashrate(a));
    expect(uptimeBps(b)).to.equal(uptimeBps(a));
    expect(b.reportedSlots).to.equal(120);
  });

  it("averages several samples falling in one slot (rounding down) and ignores samples outside the epoch", function () {
    const samples: HashrateSample[] = [
      { t: START - 1, hashrate: 999n * TH }, // previous epoch
      { t: START, hashrate: 100n }, // slot 0
      { t: START + 599, hashrate: 101n }, // slot 0 again: mean 100 (100.5 rounded down)
      { t: START + DAY - 1, hashrate: 44n }, // last slot
      { t: START + DAY, hashrate: 999n * TH }, // next epoch
    ];
    const s = summarizeSamples(samples, window, 600);
    expect(s).to.deep.include({ samplesUsed: 3, reportedSlots: 2, upSlots: 2, sumHashrate: 144n });
    expect(averageHashrate(s)).to.equal(1n);
    expect(uptimeBps(s)).to.equal(138n); // 2 × 10,000 / 144 = 138.8
  });

  it("shifts end-stamped samples into the slot they measured", function () {
    // Stamped at the end of their window: t = START belongs to the previous epoch, t = END to the last slot.
    const samples: HashrateSample[] = [
      { t: START, hashrate: 7n },
      { t: START + DAY, hashrate: 144n },
    ];
    const s = summarizeSamples(samples, window, 600, "end");
    expect(s).to.deep.include({ samplesUsed: 1, upSlots: 1, sumHashrate: 144n });
  });

  it("refuses a sampling interval that does not divide the epoch, and negative hashrates", function () {
    expect(() => summarizeSamples([], window, 700)).to.throw(ConfigError, /does not divide/);
    expect(() => summarizeSamples([{ t: START, hashrate: -1n }], window, 600)).to.throw(PoolDataError, /negative/);
  });

  it("derives energy from power draw and uptime, rounding down", function () {
    expect(energyWh(3_500n, DAY, 10_000n)).to.equal(84_000n);
    expect(energyWh(3_500n, DAY, 8_333n)).to.equal(69_997n); // 69,997.2
    expect(energyWh(3_500n, DAY, 0n)).to.equal(0n);
    expect(energyWh(1n, 3_600, 1n)).to.equal(0n);
  });

  it("builds the report the oracle receives: mean hashrate, uptime, summed daily earnings, energy", function () {
    const { report, summary } = buildEpochReport({
      rigId: 7n,
      epoch: 10_000n,
      epochLength: 2 * DAY,
      samples: [{ t: 10_000 * 2 * DAY, hashrate: 288n }],
      sampleInterval: 600,
      dailyEarnings: [11_796n, 9_830n],
      powerWatts: 3_500n,
    });
    expect(summary.slots).to.equal(288);
    expect(report).to.deep.equal({
      rigId: 7n,
      epoch: 10_000n,
      deliveredHashrate: 1n,
      uptimeBps: 34n,
      grossReward: 21_626n,
      energyWh: 571n,
    });
  });

  it("round-trips reports through JSON as decimal strings and rejects anything else", function () {
    const r = {
      rigId: 1n,
      epoch: EPOCH,
      deliveredHashrate: 2n ** 200n,
      uptimeBps: 10_000n,
      grossReward: 11_796n,
      energyWh: 84_000n,
    };
    expect(reportFromJson(JSON.parse(JSON.stringify(reportToJson(r))))).to.deep.equal(r);
    expect(() => reportFromJson({ ...reportToJson(r), uptimeBps: 10_000 })).to.throw(PoolDataError, /uptimeBps/);
    expect(() => reportFromJson({ ...reportToJson(r), epoch: "-1" })).to.throw(PoolDataError, /epoch/);
  });
});

describe("oracle service: EIP-712 reports", function () {
  const report = {
    rigId: 1n,
    epoch: EPOCH,
    deliveredHashrate: 198_500_000_000_000n,
    uptimeBps: 10_000n,
    grossReward: 11_796n,
    energyWh: 84_000n,
  };
  const domain = oracleDomain(31_337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

  it("hashes a report as the oracle's EPOCH_REPORT_TYPEHASH struct", function () {
    const typehash = keccak256(
      toHex(
        "EpochReport(uint256 rigId,uint256 epoch,uint256 deliveredHashrate,uint256 uptimeBps,uint256 grossReward,uint256 energyWh)",
      ),
    );
    const encoded = encodeAbiParameters(
      Array(7)
        .fill({ type: "uint256" })
        .map((p, i) => (i === 0 ? { type: "bytes32" } : p)),
      [
        typehash,
        report.rigId,
        report.epoch,
        report.deliveredHashrate,
        report.uptimeBps,
        report.grossReward,
        report.energyWh,
      ],
    );
    expect(reportStructHash(report)).to.equal(keccak256(encoded));
  });

  it("signs low-s signatures that recover to the reporter, and orders them by ascending signer", async function () {
    const keys = [1, 2, 3, 4].map((i) => toHex(BigInt(i) * 0x1234567890abcdefn, { size: 32 }));
    const accounts = keys.map((k) => privateKeyToAccount(k));
    const sigs = await Promise.all(
      accounts.map(async (a) => ({ signer: a.address, signature: await signReport(a, domain, report) })),
    );
    for (const s of sigs) {
      expect(await recoverReportSigner(domain, report, s.signature)).to.equal(s.signer);
      const sValue = BigInt(`0x${s.signature.slice(66, 130)}`);
      expect(sValue <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n).to.equal(true);
    }
    const ordered = orderSignatures([...sigs, sigs[0]]);
    expect(ordered).to.have.length(4);
    for (let i = 1; i < ordered.length; i++)
      expect(BigInt(ordered[i - 1].signer) < BigInt(ordered[i].signer)).to.equal(true);
  });
});
