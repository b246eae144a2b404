// What the demo seed creates beyond the deployment: activity that makes a fresh chain look alive for the app
// (mints, a pushed epoch with its breakdown and running stream, a sale listing and a rental listing).
import type { Address } from "viem";

import {
  type AddressBook,
  type EpochBreakdown,
  type EpochReport,
  type GetListingReturnType,
  type GetRentalListingReturnType,
  contractsOf,
  getLastBreakdown,
  getListing,
  getRentalListing,
  getRig,
  listForRent,
  listPosition,
  mint,
  pushEpochWithReport,
  rewardDistributorAbi,
  rigSharesAbi,
  signEpochReport,
  split,
} from "../../../sdk/index.js";

import { HARDHAT_ACCOUNTS, HARDHAT_KEYS } from "./accounts.js";
import { testPublicClient, testWalletClient } from "./clients.js";
import { rpc } from "./processes.js";

/** What `seedActivity` does, in base units: USDC has 6 decimals, WBTC 8. */
export const ACTIVITY = {
  /** Holder #2 (HARDHAT_KEYS.holders[0]) and holder #3 (holders[1]) mint from the demo rig's sale. */
  mints: [120n, 80n],
  /**
   * The pushed epoch's report: 190 TH/s of the rig's 200, 99% uptime, 8,300 sat (near the 8,475 sat a day
   * 200 TH/s is expected to mine at the late-2025 network of scripts/lib/economics.ts), 82 kWh.
   */
  report: { deliveredHashrate: 190n * 10n ** 12n, uptimeBps: 9_900n, grossReward: 8_300n, energyWh: 82_000n },
  /** Its breakdown with the seeded terms: 82 kWh × 66 sat/kWh, 2% fee; 95% of nominal is above the SLA. */
  breakdown: {
    gross: 8_300n,
    electricity: 5_412n,
    serviceFee: 166n,
    debtIn: 0n,
    debtOut: 0n,
    slaRefund: 0n,
    net: 2_722n,
  },
  /** Holder #3 splits this many shares off its position and lists them: 3.60 USDC a share (sale: 3.40). */
  sale: { shares: 30n, pricePerShare: 3_600_000n, minFill: 5n },
  /** Holder #2 lets its whole position: 120 shares earn ≈ 326 sat ($0.29) a day; 0.29 USDC a day. */
  rental: { pricePerDay: 290_000n, minDays: 1n, maxDays: 30n },
  /** Both listings stay open this long (chain time). */
  listingLifetime: 30n * 86_400n,
} as const;

export type ActivitySummary = {
  rigId: bigint;
  /** Positions after the activity (rig 1: 1000000000001 = holder #2's 120, …02 = holder #3's 50, …03 = its 30). */
  positions: { positionId: bigint; owner: Address; shares: bigint }[];
  /** The epoch pushed and how its gross became the net now streaming to the holders. */
  epoch: { epoch: bigint; breakdown: EpochBreakdown; streamEnd: bigint };
  /** Holder #3's sale listing (ShareMarket listings are keyed by position id). */
  saleListing: GetListingReturnType;
  /** Holder #2's rental listing (keyed by position id). */
  rentalListing: GetRentalListingReturnType;
};

/**
 * Makes a freshly seeded chain look alive for the app, through the SDK: holder #2 mints 120 shares and
 * holder #3 80 of the demo rig; time moves past the end of the rig's next epoch and that epoch is pushed from
 * a report signed by 3 reporters (breakdown `ACTIVITY.breakdown`; its net streams over the next epoch);
 * holder #3 splits 30 shares off and lists them for sale; holder #2 lists its position for rent.
 * Run once per fresh deployment; a second call on the same chain sends nothing and returns the same summary.
 */
export async function seedActivity({ rpcUrl, book }: { rpcUrl: string; book: AddressBook }): Promise<ActivitySummary> {
  if (!book.seed) throw new Error("seedActivity needs a seeded deployment (scripts/deploy.ts --seed)");
  const usdc = book.tokens?.USDC?.address;
  if (!usdc) throw new Error("seedActivity: the address book has no USDC test token");
  const contracts = contractsOf(book);
  const rigId = BigInt(book.seed.rigId);
  const chainId = book.chainId;
  const reader = testPublicClient(rpcUrl, chainId);
  const [holder2, holder3] = HARDHAT_KEYS.holders.map((k) => testWalletClient(rpcUrl, chainId, k));
  const operator = testWalletClient(rpcUrl, chainId, HARDHAT_KEYS.operator);
  const [a2, a3] = HARDHAT_ACCOUNTS.holders;
  const stride = 10n ** 12n;
  const ids = { holder2: rigId * stride + 1n, holder3: rigId * stride + 2n, listed: rigId * stride + 3n };

  const summary = async (): Promise<ActivitySummary> => {
    const [rig, breakdown, saleListing, rentalListing] = await Promise.all([
      getRig(reader, { contracts, rigId }),
      getLastBreakdown(reader, { contracts, rigId }),
      getListing(reader, { contracts, positionId: ids.listed }),
      getRentalListing(reader, { contracts, positionId: ids.holder2 }),
    ]);
    if (!breakdown) throw new Error(`rig ${rigId} has no pushed epoch`);
    const positions = await Promise.all(
      [ids.holder2, ids.holder3, ids.listed].map(async (positionId) => {
        const [owner, position] = await Promise.all([
          reader.readContract({
            address: contracts.rigShares,
            abi: rigSharesAbi,
            functionName: "ownerOf",
            args: [positionId],
          }),
          reader.readContract({
            address: contracts.distributor,
            abi: rewardDistributorAbi,
            functionName: "position",
            args: [positionId],
          }),
        ]);
        return { positionId, owner, shares: BigInt(position.shares) };
      }),
    );
    return {
      rigId,
      positions,
      epoch: { epoch: breakdown.epoch, breakdown, streamEnd: rig.stream.periodEnd },
      saleListing,
      rentalListing,
    };
  };

  // Already done on this chain (the same three positions and both listings): send nothing.
  const rig = await getRig(reader, { contracts, rigId });
  if (rig.lastSerial !== 0n) {
    const [sale, rental] = await Promise.all([
      getListing(reader, { contracts, positionId: ids.listed }),
      getRentalListing(reader, { contracts, positionId: ids.holder2 }),
    ]);
    if (rig.lastSerial === 3n && sale.seller === a3 && rental.owner === a2) return summary();
    throw new Error(
      `seedActivity needs a freshly seeded chain: rig ${rigId} already has ${rig.lastSerial} positions from other activity`,
    );
  }

  // 1. Mints (each approves its exact USDC cost first).
  await mint(holder2, { contracts, rigId, shares: ACTIVITY.mints[0] });
  await mint(holder3, { contracts, rigId, shares: ACTIVITY.mints[1] });

  // 2. Past the end of the rig's next epoch, then the epoch pushed from a 3-of-5 signed report.
  const epoch = rig.nextEpoch;
  const endsAt = (epoch + 1n) * rig.epochLength;
  for (let i = 0; i < 3; i++) {
    const head = (await reader.getBlock({ blockTag: "latest" })).timestamp;
    if (head >= endsAt) break;
    await rpc(rpcUrl, "evm_increaseTime", [Number(endsAt - head)]);
    await rpc(rpcUrl, "evm_mine");
  }
  const report: EpochReport = { rigId, epoch, ...ACTIVITY.report };
  const signatures = await Promise.all(
    HARDHAT_KEYS.reporters.map((key) =>
      signEpochReport(testWalletClient(rpcUrl, chainId, key), { contracts, report, chainId }),
    ),
  );
  await pushEpochWithReport(operator, { contracts, report, signatures });

  // 3. Holder #3 lists 30 of its 80 shares (a listing sells a whole position: split first).
  const now = (await reader.getBlock({ blockTag: "latest" })).timestamp;
  const expiry = now + ACTIVITY.listingLifetime;
  const { newPositionId } = await split(holder3, {
    contracts,
    positionId: ids.holder3,
    shares: ACTIVITY.sale.shares,
  });
  if (newPositionId !== ids.listed) throw new Error(`split made position ${newPositionId}, not ${ids.listed}`);
  await listPosition(holder3, {
    contracts,
    positionId: ids.listed,
    paymentToken: usdc,
    pricePerShare: ACTIVITY.sale.pricePerShare,
    minFill: ACTIVITY.sale.minFill,
    expiry,
  });

  // 4. Holder #2 lets its whole position.
  await listForRent(holder2, {
    contracts,
    positionId: ids.holder2,
    paymentToken: usdc,
    ...ACTIVITY.rental,
    expiry,
  });
  return summary();
}
