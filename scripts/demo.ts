// The main job: the whole protocol lifecycle on the embedded Hardhat chain. Deploys Rigshare, registers
// a 200 TH/s SHA-256 rig paying a BTC-like token and a Scrypt rig paying an LTC-like token, lets three
// holders mint, pushes a week of daily epochs with a transfer and a split mid-week, has everyone claim,
// prints who earned what and reconciles every payout token to the base unit:
//   funded = claimed + claimable + undistributed + dust, 0 ≤ dust ≤ settlements + pushes.
// Exits non-zero if anything does not reconcile. Run: npm run demo
import { network } from "hardhat";
import { formatUnits } from "ethers";

import type { TestERC20 } from "../typechain-types/index.js";

import {
  Algorithm,
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
const p = await deployProtocol(connection);
const { alice, bob, carol, dave, operator, shares, distributor, usdc, wbtc } = p;
const names = new Map<string, string>([
  [alice.address, "alice"],
  [bob.address, "bob"],
  [carol.address, "carol"],
  [dave.address, "dave"],
  [operator.address, "operator"],
]);

// ── 1. Register & sell ────────────────────────────────────────────────────────────
const wltc = (await ethers.deployContract("TestERC20", ["Wrapped LTC", "WLTC", 8])) as unknown as TestERC20;
await wltc.mint(operator.address, 1_000_000n * BTC);
await wltc.connect(operator).approve(await distributor.getAddress(), ethers.MaxUint256);

const btcRig = await registerRig(p, sha256RigParams(await usdc.getAddress(), await wbtc.getAddress()));
const ltcRig = await registerRig(
  p,
  sha256RigParams(await usdc.getAddress(), await wltc.getAddress(), {
    name: "Antminer L9 #1",
    algorithm: Algorithm.Scrypt,
    hashrate: 16n * 10n ** 9n, // 16 GH/s
    powerWatts: 3_360n,
    totalShares: 500n,
    pricePerShare: 80n * USDC,
    maxEpochPayout: 10n * BTC,
  }),
);
console.log(`Registered rig ${btcRig} (SHA-256, 200 TH/s, pays WBTC) and rig ${ltcRig} (Scrypt, 16 GH/s, pays WLTC).`);

const positions = {
  aliceBtc: await mintShares(p, alice, btcRig, 500n),
  bobBtc: await mintShares(p, bob, btcRig, 300n),
  carolBtc: await mintShares(p, carol, btcRig, 200n),
  aliceLtc: await mintShares(p, alice, ltcRig, 100n),
  carolLtc: await mintShares(p, carol, ltcRig, 250n),
};
console.log("Holders minted: alice 500 + 100, bob 300, carol 200 + 250 shares.");

// ── 2. A week of daily epochs, with a transfer and a split mid-week ───────────────
// Net payouts per day in base units (sats / litoshis), as an operator would push them after fees.
const btcPayouts = [11_730n, 11_402n, 12_015n, 10_988n, 11_650n, 11_873n, 11_290n];
const ltcPayouts = [5_012_345n, 4_987_001n, 5_103_777n, 0n, 4_876_543n, 5_055_555n, 4_999_999n];
const funded = new Map<string, bigint>();
let pushes = 0;
let settlements = 0;
const fund = async (rigId: bigint, token: TestERC20, amount: bigint) => {
  const epoch = await pushNextEpoch(p, rigId, amount);
  const key = await token.getAddress();
  funded.set(key, (funded.get(key) ?? 0n) + amount);
  pushes++;
  const what =
    amount === 0n
      ? "nothing (the rig earned nothing that day; the epoch still advances)"
      : `${formatUnits(amount, 8)} ${await token.symbol()}`;
  console.log(`  rig ${rigId}: pushed epoch ${epoch} with ${what}`);
};

let bobLtc: bigint | undefined;
for (let day = 0; day < 7; day++) {
  console.log(`Day ${day + 1}`);
  await fund(btcRig, wbtc, btcPayouts[day]);
  // The Scrypt rig earned nothing on day 4: its epoch is pushed with zero.
  await fund(ltcRig, wltc, ltcPayouts[day]);
  if (day === 2) {
    await shares.connect(bob).transferFrom(bob.address, dave.address, positions.bobBtc);
    settlements++;
    console.log("  bob sold his 300-share WBTC position to dave (bob keeps what accrued so far)");
  }
  if (day === 3) {
    bobLtc = await shares.connect(carol).split.staticCall(positions.carolLtc, 100n);
    await shares.connect(carol).split(positions.carolLtc, 100n);
    await shares.connect(carol).transferFrom(carol.address, bob.address, bobLtc);
    settlements += 2;
    console.log("  carol split 100 of her 250 WLTC shares off and gave them to bob");
  }
  await networkHelpers.time.increase(Number(DAY) / 2);
}

// Let the last streams run out, then everyone claims everything.
await networkHelpers.time.increase(Number(2n * DAY));
const owned: Record<string, bigint[]> = {
  alice: [positions.aliceBtc, positions.aliceLtc],
  bob: bobLtc === undefined ? [] : [bobLtc],
  carol: [positions.carolBtc, positions.carolLtc],
  dave: [positions.bobBtc],
};
const claimed = new Map<string, bigint>();
const earnedBy: Record<string, Record<string, string>> = {};
for (const holder of [alice, bob, carol, dave]) {
  const name = names.get(holder.address)!;
  earnedBy[name] = {};
  for (const token of [wbtc, wltc]) {
    const before = await token.balanceOf(holder.address);
    const ids: bigint[] = [];
    for (const id of owned[name]) {
      const stream = await distributor.rigStream(id / 10n ** 12n);
      if (stream.payoutToken === (await token.getAddress())) ids.push(id);
    }
    if (ids.length > 0) await distributor.connect(holder).claim(ids);
    await distributor.connect(holder).claimBalance(await token.getAddress());
    settlements += ids.length;
    const got = (await token.balanceOf(holder.address)) - before;
    claimed.set(await token.getAddress(), (claimed.get(await token.getAddress()) ?? 0n) + got);
    earnedBy[name][await token.symbol()] = formatUnits(got, 8);
  }
}
console.log("\nWho earned what (claimed)");
console.table(earnedBy);

// ── 3. Reconciliation ────────────────────────────────────────────────────────────
let ok = true;
const rows: Record<string, Record<string, string>> = {};
for (const [token, rigId] of [
  [wbtc, btcRig],
  [wltc, ltcRig],
] as const) {
  const key = await token.getAddress();
  let claimable = 0n;
  for (const holder of [alice, bob, carol, dave]) claimable += await distributor.claimableBalance(holder.address, key);
  for (const ids of Object.values(owned))
    for (const id of ids) if (id / 10n ** 12n === rigId) claimable += await distributor.pendingReward(id);
  const undistributed = await distributor.undistributed(rigId);
  const fundedAmount = funded.get(key) ?? 0n;
  const claimedAmount = claimed.get(key) ?? 0n;
  const dust = fundedAmount - claimedAmount - claimable - undistributed;
  const bound = BigInt(settlements + pushes);
  const balance = await token.balanceOf(await distributor.getAddress());
  const solvent = balance >= claimable + undistributed && balance === (await distributor.liabilities(key));
  const reconciles = dust >= 0n && dust <= bound && solvent;
  ok &&= reconciles;
  rows[await token.symbol()] = {
    funded: fundedAmount.toString(),
    claimed: claimedAmount.toString(),
    claimable: claimable.toString(),
    undistributed: undistributed.toString(),
    dust: dust.toString(),
    "dust bound": bound.toString(),
    "distributor balance": balance.toString(),
    reconciles: reconciles ? "yes" : "NO",
  };
}
console.log("Reconciliation in base units: funded = claimed + claimable + undistributed + dust");
console.table(rows);
const proceeds = await shares.proceedsOf(operator.address, await usdc.getAddress());
console.log(
  `Operator sale proceeds: ${formatUnits(proceeds, 6)} USDC; protocol fees: ${formatUnits(await shares.protocolFeesOf(await usdc.getAddress()), 6)} USDC`,
);
if (!ok) {
  console.error("Reconciliation FAILED");
  process.exitCode = 1;
} else {
  console.log("Everything reconciles.");
}
