// The "ABI version" recorded in every address book (deployments/<chainId>.json) and in sdk/abis.ts: the
// first 8 bytes of keccak256 over the canonical JSON of the protocol's ABIs. Equal versions mean the SDK
// was generated from the same interfaces that were deployed.
import { keccak256, stringToHex } from "viem";

/** Names of the contracts whose ABIs make up the version, in a fixed order. */
export const VERSIONED_CONTRACTS = [
  "RigShares",
  "RewardDistributor",
  "ShareRenderer",
  "TestERC20",
  "HashrateOracle",
  "EpochFunder",
  "ShareMarket",
] as const;

export function computeAbiVersion(abis: readonly (readonly unknown[])[]): `0x${string}` {
  return keccak256(stringToHex(JSON.stringify(abis))).slice(0, 18) as `0x${string}`;
}
