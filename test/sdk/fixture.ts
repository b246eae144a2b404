// Named fixtures of the SDK tests: the protocol deployed in-process with the Ignition modules of deploy/
// (so the modules are exercised too), test tokens deployed with hardhat-viem, funded accounts, and
// viem clients for every role. The SDK actions then run against these clients exactly as against a node.
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, erc20Abi, maxUint256 } from "viem";

import { buildRigshareProtocolModule } from "../../deploy/RigshareProtocolModule.js";
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

/** Advances to the end of the rig's next epoch (so it can be pushed). */
export async function toEpochEnd(p: SdkProtocol, nextEpoch: bigint, epochLength: bigint) {
  const endsAt = (nextEpoch + 1n) * epochLength;
  const now = BigInt(await p.connection.networkHelpers.time.latest());
  if (now < endsAt) await p.connection.networkHelpers.time.increaseTo(endsAt);
}
