// Named fixtures of the SDK tests: the protocol deployed in-process with the Ignition modules of deploy/
// (so the modules are exercised too), test tokens deployed with hardhat-viem, funded accounts, and
// viem clients for every role. The SDK actions then run against these clients exactly as against a node.
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, erc20Abi, getAddress, maxUint256 } from "viem";

import { buildOracleModule } from "../../deploy/OracleModule.js";
import { buildShareMarketModule } from "../../deploy/ShareMarketModule.js";
import { buildRigshareProtocolModule } from "../../deploy/RigshareProtocolModule.js";
import { configureRig } from "../../sdk/actions/configureRig.js";
import { depositBond } from "../../sdk/actions/depositBond.js";
import { mint } from "../../sdk/actions/mint.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { setSaleOpen } from "../../sdk/actions/setSaleOpen.js";
import type { RigshareContracts } from "../../sdk/addressBook.js";
import type { RigParams } from "../../sdk/actions/registerRig.js";

export const USDC = 10n ** 6n;
export const BTC = 10n ** 8n;
export const HOUR = 3_600n;

/** Protocol (2.5% fee, operator approved), USDC and WBTC, balances and clients. */
export async function sdkProtocolFixture(connection: NetworkConnection) {
  const { viem, ignition } = connection;
  const publicClient = await viem.getPublicClient();
  const [admin, treasury, operator, alice, bob, carol, stranger] = await viem.getWalletClients();
  const deployed = await ignition.deploy(buildRigshareProtocolModule({ operators: [operator.account.address] }), {
    parameters: { RigSharesModule: { treasury: treasury.account.address, protocolFeeBps: 250 } },
  });
  const contracts: RigshareContracts = {
    rigShares: (await deployed.shares.getAddress()) as Address,
    distributor: (await deployed.distributor.getAddress()) as Address,
    deploymentBlock: 0n,
  };
  const usdc = await viem.deployContract("TestERC20", ["USD Coin", "USDC", 6]);
  const wbtc = await viem.deployContract("TestERC20", ["Wrapped BTC", "WBTC", 8]);
  for (const holder of [alice, bob, carol]) {
    await usdc.write.mint([holder.account.address, 1_000_000n * USDC]);
  }
  await wbtc.write.mint([operator.account.address, 1_000n * BTC]);
  return { connection, publicClient, contracts, usdc, wbtc, admin, treasury, operator, alice, bob, carol, stranger };
}

export type SdkProtocol = Awaited<ReturnType<typeof sdkProtocolFixture>>;

/** An hourly SHA-256 rig: 1,000 shares at 100 USDC, paying WBTC (≤ 1 WBTC per epoch). */
export function hourlyRigParams(p: SdkProtocol, overrides: Partial<RigParams> = {}): RigParams {
  return {
    name: "Antminer S21 #1",
    algorithm: "SHA256",
    hashrate: 200n * 10n ** 12n,
    powerWatts: 3_500,
    totalShares: 1_000n,
    pricePerShare: 100n * USDC,
    paymentToken: p.usdc.address,
    payoutToken: p.wbtc.address,
    epochLength: 3_600,
    maxEpochPayout: 1n * BTC,
    royaltyBps: 500,
    ...overrides,
  };
}

/** `sdkProtocolFixture` plus the hourly rig registered by the operator with its sale open (rig 1). */
export async function sdkRigFixture(connection: NetworkConnection) {
  const p = await sdkProtocolFixture(connection);
  const { rigId } = await registerRig(p.operator, { contracts: p.contracts, params: hourlyRigParams(p) });
  await setSaleOpen(p.operator, { contracts: p.contracts, rigId, open: true });
  return { ...p, rigId };
}

/** Allowance helper for tests that call the token directly. */
export async function approveMax(p: SdkProtocol, owner: SdkProtocol["alice"], token: Address, spender: Address) {
  await owner.writeContract({ address: token, abi: erc20Abi, functionName: "approve", args: [spender, maxUint256] });
}

/** Rig 1 sold out (alice 600, bob 400), the market deployed with ShareMarketModule at a 1% fee. */
export async function sdkMarketFixture(c: NetworkConnection) {
  const p = await sdkRigFixture(c);
  const deployed = await c.ignition.deploy(buildShareMarketModule(), {
    parameters: {
      ShareMarketModule: { shares: p.contracts.rigShares, feeBps: 100, treasury: p.treasury.account.address },
    },
  });
  const contracts: RigshareContracts = { ...p.contracts, market: getAddress(await deployed.market.getAddress()) };
  const alicePos = (await mint(p.alice, { contracts, rigId: p.rigId, shares: 600n })).positionId;
  const bobPos = (await mint(p.bob, { contracts, rigId: p.rigId, shares: 400n })).positionId;
  await approveMax(p, p.operator, p.wbtc.address, contracts.distributor);
  return { ...p, contracts, alicePos, bobPos };
}
export type SdkMarket = Awaited<ReturnType<typeof sdkMarketFixture>>;

/** Advances to the end of the rig's next epoch (so it can be pushed). */
export async function toEpochEnd(p: SdkProtocol, nextEpoch: bigint, epochLength: bigint) {
  const endsAt = (nextEpoch + 1n) * epochLength;
  const now = BigInt(await p.connection.networkHelpers.time.latest());
  if (now < endsAt) await p.connection.networkHelpers.time.increaseTo(endsAt);
}

/** The Bitcoin-like network of WBTC: difficulty 110 T, 3.125 BTC subsidy + 0.1 BTC average fees per block. */
export const BTC_DIFFICULTY = 110_000_000_000_000n;
export const BTC_BLOCK_REWARD = 322_500_000n;
/** Hardhat accounts #10–#14 report, 3 of 5 (as in deploy/parameters/localhost.json). */
export const REPORTER_INDEXES = [10, 11, 12, 13, 14] as const;
export const THRESHOLD = 3n;
/** Terms of `sdkOracleFixture`'s rig: 60 sat/kWh, 2% fee, SLA at 92%, 0.001 WBTC required, 0.003 WBTC posted. */
export const TARIFF = 60n;
export const FEE_BPS = 200n;
export const SLA_BPS = 9_200n;
export const REQUIRED_BOND = 100_000n;
export const BOND = 300_000n;

/**
 * `sdkRigFixture` plus oracle-verified epochs: HashrateOracle and EpochFunder deployed with
 * deploy/OracleModule.ts (standalone, on the fixture's share token and distributor), 3-of-5 reporters, the
 * WBTC network set, the distributor handed to the funder. Alice holds 600 shares of rig 1, bob 400; the
 * operator configured the rig's terms and posted its bond through the SDK.
 */
export async function sdkOracleFixture(connection: NetworkConnection) {
  const p = await sdkRigFixture(connection);
  const wallets = await connection.viem.getWalletClients();
  const reporters = REPORTER_INDEXES.map((i) => wallets[i]);
  const module = buildOracleModule({
    reporters: reporters.map((r) => r.account.address),
    threshold: Number(THRESHOLD),
    networks: [
      {
        payoutToken: p.wbtc.address,
        difficulty: BTC_DIFFICULTY,
        blockReward: BTC_BLOCK_REWARD,
        style: "bitcoin",
        maxTariffPerKWh: 500n,
      },
    ],
  });
  const deployed = await connection.ignition.deploy(module, {
    parameters: { OracleModule: { shares: p.contracts.rigShares, distributor: p.contracts.distributor } },
  });
  const contracts: RigshareContracts = {
    ...p.contracts,
    oracle: (await deployed.oracle.getAddress()) as Address,
    funder: (await deployed.funder.getAddress()) as Address,
  };
  // Terms before the sale: configureRig is refused once a share exists.
  await configureRig(p.operator, {
    contracts,
    rigId: p.rigId,
    tariffPerKWh: TARIFF,
    serviceFeeBps: FEE_BPS,
    slaThresholdBps: SLA_BPS,
    requiredBond: REQUIRED_BOND,
  });
  const alicePos = (await mint(p.alice, { contracts, rigId: p.rigId, shares: 600n })).positionId;
  const bobPos = (await mint(p.bob, { contracts, rigId: p.rigId, shares: 400n })).positionId;
  await depositBond(p.operator, { contracts, rigId: p.rigId, amount: BOND });
  return { ...p, contracts, reporters, alicePos, bobPos };
}

export type SdkOracle = Awaited<ReturnType<typeof sdkOracleFixture>>;
