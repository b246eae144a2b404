// The main job: the whole protocol lifecycle on the embedded Hardhat chain.
//   1. Deploy Rigshare; register a 200 TH/s SHA-256 rig paying a BTC-like token and a 16 GH/s Scrypt rig
//      paying an LTC-like token; the operator sets each rig's terms with the epoch funder; three holders mint.
//   2. Week 1, bootstrap: operators push daily net payouts directly; a transfer and a split mid-week; on the
//      share market a secondary sale, a partial fill and a rental whose window ends mid-epoch.
//   3. The admin hands epoch funding to the oracle. Week 2, oracle-driven: 3-of-5 reporters sign each
//      day's production, a keeper relays it and the funder settles gross − electricity − fee − debt, with
//      one bad day (costs above gross: fee debt) and one outage with failover (SLA refund from the bond).
//   4. Everyone claims; the demo prints who earned what and reconciles every payout token to the base
//      unit: funded = claimed + claimable + undistributed + dust, 0 ≤ dust ≤ settlements + pushes.
// Exits non-zero if anything does not reconcile. Run: npm run demo
import { formatUnits } from "ethers";
import { network } from "hardhat";

import type { TestERC20 } from "../typechain-types/index.js";

import { getRigRoi } from "../sdk/actions/getRigRoi.js";
import { expectedReward } from "../sdk/roi.js";
import {
  BITCOIN_NETWORK_NOW,
  BTC_USD,
  ELECTRICITY_USD_CENTS_X100,
  L9_RIG,
  LITECOIN_NETWORK_LTC_ONLY,
  LITECOIN_NETWORK_NOW,
  LTC_TARIFF_PER_KWH,
  LTC_USD,
  POOL_FEE_BPS,
  S21_PRICE_PER_SHARE,
  hashpriceUsdX100,
  tariffPerKWh,
} from "./lib/economics.js";
import { deployMarket } from "./lib/market.js";
import { deployOracle, handOverFunding, signReport, type EpochReport } from "./lib/oracle.js";
import {
  BTC,
  DAY,
  deployProtocol,
  mintShares,
  pushNextEpoch,
  registerRig,
  sha256RigParams,
  USDC,
} from "./lib/protocol.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const base = await deployProtocol(connection);
const { alice, bob, carol, dave, operator, stranger: keeper, shares, distributor, usdc, wbtc } = base;
const TH = 10n ** 12n;
const GH = 10n ** 9n;
let settlements = 0;

// ── 1. Register & sell ────────────────────────────────────────────────────────────
const wltc = (await ethers.deployContract("TestERC20", ["Wrapped LTC", "WLTC", 8])) as unknown as TestERC20;
await wltc.mint(operator.address, 1_000_000n * BTC);
await wltc.connect(operator).approve(await distributor.getAddress(), ethers.MaxUint256);

const btcRig = await registerRig(
  base,
  sha256RigParams(await usdc.getAddress(), await wbtc.getAddress(), { pricePerShare: S21_PRICE_PER_SHARE }),
);
const ltcRig = await registerRig(base, sha256RigParams(await usdc.getAddress(), await wltc.getAddress(), L9_RIG));
const rigs = [
  { id: btcRig, token: wbtc, symbol: "WBTC" },
  { id: ltcRig, token: wltc, symbol: "WLTC" },
];
console.log(
  `Registered rig ${btcRig} (SHA-256, 200 TH/s, $3,400 in 1,000 shares, pays WBTC) and rig ${ltcRig} (Scrypt, 16 GH/s, pays WLTC).`,
);

// The oracle and the funder exist from the start, so each rig's terms are set before its sale (they cannot
// change after it without proposeTerms' 2-day delay); epoch funding is handed to them after week 1.
const p = await deployOracle(base, 3, { handOver: false });
const { oracle, funder } = p;
// Bitcoin and Litecoin as of late November 2025 (scripts/lib/economics.ts says where each figure comes
// from). WLTC's block reward is the 6.25 LTC subsidy plus the merged-mined DOGE converted to LTC.
await oracle.setNetwork(await wbtc.getAddress(), BITCOIN_NETWORK_NOW);
await oracle.setNetwork(await wltc.getAddress(), LITECOIN_NETWORK_NOW);
// The tariff ceiling of WLTC rigs: ≈ $0.41 per kWh at $83/LTC (WBTC's is set by deployOracle).
await funder.setMaxTariff(await wltc.getAddress(), 500_000n);
await wltc.connect(operator).approve(await funder.getAddress(), ethers.MaxUint256);
// Tariffs in base units per kWh: $0.06 at $90,000/BTC = 66 sats and at $83/LTC = 72,289 litoshis (both
// rounded down). 2% service fee.
const btcTariff = tariffPerKWh(ELECTRICITY_USD_CENTS_X100, BTC_USD, 8);
await funder.connect(operator).configureRig(btcRig, btcTariff, 200n, 9_200n, 50_000n);
await funder.connect(operator).configureRig(ltcRig, LTC_TARIFF_PER_KWH, 200n, 9_200n, 5_000_000n);
console.log("Terms set before the sale: 2% service fee, SLA at 92% of nominal, electricity at cost.");

const positions = {
  aliceBtc: await mintShares(base, alice, btcRig, 500n),
  bobBtc: await mintShares(base, bob, btcRig, 300n),
  carolBtc: await mintShares(base, carol, btcRig, 200n),
  aliceLtc: await mintShares(base, alice, ltcRig, 100n),
  carolLtc: await mintShares(base, carol, ltcRig, 250n),
};
console.log("Holders minted: alice 500 WBTC-rig + 100 WLTC-rig shares, bob 300, carol 200 + 250.");

// ── 2. Week 1: operators push net payouts directly ────────────────────────────────
// A day of 200 TH/s mines ≈ 8,475 sats before the pool's 2.5%; electricity takes 5,544: ≈ 2,550 sats net.
// A day of 16 GH/s mines ≈ 16.3 M litoshis of LTC + DOGE (as LTC) before the pool; electricity takes 5.83 M.
const btcPayouts = [2_600n, 2_210n, 2_940n, 2_410n, 2_690n, 3_010n, 2_340n];
const ltcPayouts = [9_712_345n, 9_687_001n, 9_803_777n, 0n, 9_776_543n, 9_755_555n, 9_699_999n];
let bobLtc = 0n;
let carolBought = 0n;
const withMarket = await deployMarket(base);
const { market } = withMarket;
const payment = await usdc.getAddress();
console.log("\nWeek 1 (operators push net payouts directly)");
for (let day = 0; day < 7; day++) {
  const e1 = await pushNextEpoch(base, btcRig, btcPayouts[day]);
  const e2 = await pushNextEpoch(base, ltcRig, ltcPayouts[day]);
  console.log(
    `  day ${day + 1}: epoch ${e1} WBTC ${btcPayouts[day]} sats, epoch ${e2} WLTC ${ltcPayouts[day]} litoshis`,
  );
  if (day === 2) {
    await shares.connect(bob).transferFrom(bob.address, dave.address, positions.bobBtc);
    settlements++;
    console.log("  bob sold his 300-share WBTC-rig position to dave (bob keeps what accrued so far)");
  }
  if (day === 3) {
    bobLtc = await shares.connect(carol).split.staticCall(positions.carolLtc, 100n);
    await shares.connect(carol).split(positions.carolLtc, 100n);
    await shares.connect(carol).transferFrom(carol.address, bob.address, bobLtc);
    settlements += 2;
    console.log("  carol split 100 of her 250 WLTC-rig shares off and gave them to bob");
  }
  if (day === 4) {
    await networkHelpers.time.increase(Number(DAY) / 4);
    const expiry = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
    const ask = (36n * USDC) / 10n;
    await market.connect(alice).list(positions.aliceBtc, payment, ask, 50n, expiry);
    carolBought = await market.connect(carol).buy.staticCall(positions.aliceBtc, 200n, ask);
    await market.connect(carol).buy(positions.aliceBtc, 200n, ask);
    settlements += 2;
    console.log("  market: alice listed her 500 WBTC-rig shares at 3.60 USDC; carol bought 200 (a partial fill)");
    const daveAsk = (35n * USDC) / 10n;
    await market.connect(dave).list(positions.bobBtc, payment, daveAsk, 300n, expiry);
    await market.connect(alice).buy(positions.bobBtc, 300n, daveAsk);
    settlements++;
    console.log("  market: dave sold his whole 300-share position to alice (a secondary sale)");
    // 200 shares earn ≈ 510 sats ($0.46) a day: carol asks 0.45 USDC a day.
    const dayRent = (45n * USDC) / 100n;
    await market.connect(carol).listForRent(positions.carolBtc, payment, dayRent, 1n, 10n, expiry);
    const expires = await market.connect(bob).rent.staticCall(positions.carolBtc, 1n, dayRent);
    await market.connect(bob).rent(positions.carolBtc, 1n, dayRent);
    settlements++;
    const at = new Date(Number(expires) * 1000).toISOString();
    console.log(`  market: bob rented carol's 200-share position for a day, until ${at} (mid-epoch)`);
  }
  await networkHelpers.time.increase(Number(DAY) / 2);
}

// ── 3. Week 2: oracle-verified epochs ─────────────────────────────────────────────
await handOverFunding(p);
await funder.connect(operator).depositBond(btcRig, 100_000n);
await funder.connect(operator).depositBond(ltcRig, 10_000_000n);
await funder.connect(operator).declareBackup(btcRig, 100n * TH);
console.log("\nThe admin handed epoch funding to the oracle (3-of-5 reporters); bonds posted, backup declared.");

type Day = { delivered: bigint; uptimeBps: bigint; gross: bigint; energyWh: bigint; note?: string };
const btcWeek: Day[] = [
  // Gross after the pool's fee ≈ 8,260 sats a day at 200 TH/s, with the pool's luck around it.
  { delivered: 198n * TH, uptimeBps: 9_990n, gross: 8_310n, energyWh: 84_000n },
  { delivered: 197n * TH, uptimeBps: 9_985n, gross: 4_020n, energyWh: 84_000n, note: "bad luck: costs above gross" },
  { delivered: 199n * TH, uptimeBps: 10_000n, gross: 8_655n, energyWh: 84_000n },
  { delivered: 150n * TH, uptimeBps: 9_900n, gross: 6_300n, energyWh: 72_000n, note: "outage: on backup half the day" },
  { delivered: 198n * TH, uptimeBps: 9_995n, gross: 8_401n, energyWh: 84_000n },
  { delivered: 198n * TH, uptimeBps: 9_990n, gross: 8_733n, energyWh: 84_000n },
  { delivered: 199n * TH, uptimeBps: 10_000n, gross: 8_050n, energyWh: 84_000n },
];
const ltcWeek: Day[] = btcWeek.map((_, i) => ({
  delivered: 16n * GH - BigInt(i) * 10n ** 7n,
  uptimeBps: 10_000n,
  // ≈ 15.9 M litoshis after the pool's fee (LTC + the DOGE converted), with a little luck each day.
  gross: 15_870_000n + BigInt(i) * 1_111n,
  energyWh: 80_640n,
}));
const breakdowns: Record<string, Record<string, string>> = {};
console.log("Week 2 (oracle-verified)");
for (let day = 0; day < 7; day++) {
  for (const [rig, week] of [
    [btcRig, btcWeek],
    [ltcRig, ltcWeek],
  ] as const) {
    const d = week[day];
    if (rig === btcRig && day === 3) {
      await funder.connect(operator).setOnBackup(btcRig, true);
      console.log("  rig 1 failed over to its backup");
    }
    const epoch = await oracle.nextReportEpoch(rig);
    const endsAt = (epoch + 1n) * DAY;
    if (BigInt(await networkHelpers.time.latest()) < endsAt) await networkHelpers.time.increaseTo(endsAt);
    const report: EpochReport = {
      rigId: rig,
      epoch,
      deliveredHashrate: d.delivered,
      uptimeBps: d.uptimeBps,
      grossReward: d.gross,
      energyWh: d.energyWh,
    };
    await funder.connect(keeper).pushEpochWithReport(report, await signReport(p, report));
    const b = await funder.lastBreakdown(rig);
    breakdowns[`rig ${rig} epoch ${epoch}`] = {
      gross: b.gross.toString(),
      electricity: b.electricity.toString(),
      fee: b.serviceFee.toString(),
      "debt in": b.debtIn.toString(),
      "debt out": b.debtOut.toString(),
      "SLA refund": b.slaRefund.toString(),
      net: b.net.toString(),
      note: d.note ?? "",
    };
    if (rig === btcRig && day === 4) {
      await funder.connect(operator).setOnBackup(btcRig, false);
      console.log("  rig 1 is back on its own hardware");
    }
  }
  await networkHelpers.time.increase(Number(DAY) / 2);
}
console.log("Epoch breakdowns of week 2 (base units; holders receive net + SLA refund)");
console.table(breakdowns);

// ── 4. Everyone claims; reconciliation ────────────────────────────────────────────
await networkHelpers.time.increase(Number(2n * DAY));
// Bob's claim includes the position he rented: he receives his window's rewards, carol the rest.
const owned: Record<string, bigint[]> = {
  alice: [positions.aliceBtc, positions.bobBtc, positions.aliceLtc],
  bob: [bobLtc, positions.carolBtc],
  carol: [positions.carolBtc, carolBought, positions.carolLtc],
  dave: [],
};
const holders = { alice, bob, carol, dave };
const rentalSplit = await distributor.pendingSplit(positions.carolBtc);
console.log(
  `\nRented position before claims: ${rentalSplit.renterPart} sats for the renter (bob's window), ` +
    `${rentalSplit.ownerPart} sats for the owner (carol)`,
);
const claimed = new Map<string, bigint>();
const earnedBy: Record<string, Record<string, string>> = {};
for (const [name, holder] of Object.entries(holders)) {
  const before = await Promise.all(rigs.map(({ token }) => token.balanceOf(holder.address)));
  // One claim pays every payout token the holder's positions touch, plus its settled balances.
  await distributor.connect(holder).claim(owned[name]);
  settlements += owned[name].length;
  earnedBy[name] = {};
  for (const [i, { token, symbol }] of rigs.entries()) {
    await distributor.connect(holder).claimBalance(await token.getAddress());
    const got = (await token.balanceOf(holder.address)) - before[i];
    claimed.set(symbol, (claimed.get(symbol) ?? 0n) + got);
    earnedBy[name][symbol] = formatUnits(got, 8);
  }
}
console.log("\nWho earned what over the two weeks (claimed)");
console.table(earnedBy);

let ok = true;
const rows: Record<string, Record<string, string>> = {};
for (const { id, token, symbol } of rigs) {
  const tokenAddress = await token.getAddress();
  const stream = await distributor.rigStream(id);
  let claimable = 0n;
  for (const holder of Object.values(holders))
    claimable += await distributor.claimableBalance(holder.address, tokenAddress);
  for (const ids of Object.values(owned))
    for (const pid of ids) if (pid / 10n ** 12n === id) claimable += await distributor.pendingReward(pid);
  const undistributed = await distributor.undistributed(id);
  const funded = stream.funded;
  const claimedAmount = claimed.get(symbol) ?? 0n;
  const dust = funded - claimedAmount - claimable - undistributed;
  const bound = BigInt(settlements) + stream.nextEpoch; // one unit per settlement and per push at most
  const balance = await token.balanceOf(await distributor.getAddress());
  const solvent = balance >= claimable + undistributed && balance === (await distributor.liabilities(tokenAddress));
  const reconciles = dust >= 0n && dust <= bound && solvent;
  ok &&= reconciles;
  rows[symbol] = {
    funded: funded.toString(),
    claimed: claimedAmount.toString(),
    claimable: claimable.toString(),
    undistributed: undistributed.toString(),
    dust: dust.toString(),
    "distributor balance": balance.toString(),
    reconciles: reconciles ? "yes" : "NO",
  };
}
console.log("Reconciliation in base units: funded = claimed + claimable + undistributed + dust");
console.table(rows);
const proceeds = await shares.proceedsOf(operator.address, await usdc.getAddress());
const fees = await shares.protocolFeesOf(await usdc.getAddress());
console.log(`Operator sale proceeds: ${formatUnits(proceeds, 6)} USDC; protocol fees: ${formatUnits(fees, 6)} USDC.`);
const bond = (await funder.terms(btcRig)).bond;
console.log(`Rig ${btcRig} bond after the outage refund: ${bond} sats (posted 100000).`);
// Payback of each rig at today's market, by the oracle's MiningMath on chain (the SDK's getRigRoi reads the
// rig, its terms and the network, and checks its expected revenue against the oracle's expectedDailyRevenue).
const publicClient = await connection.viem.getPublicClient();
const contracts = {
  rigShares: (await shares.getAddress()) as `0x${string}`,
  distributor: (await distributor.getAddress()) as `0x${string}`,
  oracle: (await oracle.getAddress()) as `0x${string}`,
  funder: (await funder.getAddress()) as `0x${string}`,
};
console.log(
  `\nhashprice: $${Number(hashpriceUsdX100(BITCOIN_NETWORK_NOW, BTC_USD)) / 100} per PH/s per day ` +
    `(difficulty 149.30 T, 3.145 BTC a block, $${BTC_USD.toLocaleString("en-US")}/BTC)`,
);
for (const { id, coinUsd, unit, perPH } of [
  { id: btcRig, coinUsd: BTC_USD, unit: "PH/s", perPH: 1 },
  { id: ltcRig, coinUsd: LTC_USD, unit: "GH/s", perPH: 1e6 },
]) {
  const roi = await getRigRoi(publicClient, {
    contracts,
    rigId: id,
    coinPrice: coinUsd.toString(),
    poolFeeBps: POOL_FEE_BPS,
  });
  const rig = await shares.rig(id);
  const days =
    roi.paybackDaysX18 === null ? "never (no net at these prices)" : `${roi.paybackDaysX18 / 10n ** 18n} days`;
  console.log(`payback ${rig.name}: ${days}`);
  if (id === ltcRig) {
    // What the same rig would earn from LTC alone, without the merged-mined DOGE its WLTC carries.
    const n = LITECOIN_NETWORK_LTC_ONLY;
    const ltcOnly = expectedReward(rig.hashrate, DAY, n.difficulty, n.blockReward, "bitcoin");
    const power = (BigInt(rig.powerWatts) * 24n * LTC_TARIFF_PER_KWH) / 1_000n;
    const dollars = (units: bigint) => `$${((Number(units) * Number(LTC_USD)) / 1e8).toFixed(2)}`;
    const doge = LITECOIN_NETWORK_NOW.blockReward - n.blockReward;
    console.log(
      `  counts merged-mined DOGE as LTC: ${(Number(doge) / 1e8).toFixed(2)} LTC of DOGE a block beside the ` +
        `6.25 LTC subsidy (${(Number(doge) / Number(n.blockReward)).toFixed(1)}×); LTC alone: ` +
        `${dollars(ltcOnly)} a day gross against ${dollars(power)} of electricity, no payback`,
    );
  }
  // Where the day stops paying, in dollars at the same coin price (payout coins have 8 decimals here).
  const usd = (units: bigint, per = 1) => `$${((Number(units) * Number(coinUsd)) / 1e8 / per).toFixed(4)}`;
  const shutOff = roi.shutOffHashpricePerPHDay === null ? "none" : usd(roi.shutOffHashpricePerPHDay, perPH);
  console.log(
    `  break-even electricity ${usd(roi.breakEvenTariffPerKWh)}/kWh; shut-off hashprice ${shutOff} ` +
      `per ${unit} per day (now ${usd(roi.hashpricePerPHDay, perPH)})`,
  );
}

if (!ok) {
  console.error("Reconciliation FAILED");
  process.exitCode = 1;
} else {
  console.log("Everything reconciles.");
}
