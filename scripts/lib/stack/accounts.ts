// Hardhat's default accounts as the local stack uses them (public test keys: local chains only).
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/**
 * Hardhat's default accounts (mnemonic "test test … junk"): PUBLIC test keys, for local chains only.
 * The demo seed (deploy/DemoSeedModule.ts) makes #1 the operator and gives #2–#5 1,000,000 USDC each;
 * #10–#12 are three of the five reporters of deploy/parameters/localhost.json (threshold 3).
 */
export const HARDHAT_KEYS = {
  deployer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", // #0
  operator: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", // #1
  holders: [
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", // #2
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6", // #3
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a", // #4
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba", // #5
  ],
  reporters: [
    "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897", // #10
    "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82", // #11
    "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1", // #12
  ],
} as const satisfies { deployer: Hex; operator: Hex; holders: readonly Hex[]; reporters: readonly Hex[] };

/** Addresses of HARDHAT_KEYS. */
export const HARDHAT_ACCOUNTS = {
  deployer: privateKeyToAccount(HARDHAT_KEYS.deployer).address,
  operator: privateKeyToAccount(HARDHAT_KEYS.operator).address,
  holders: HARDHAT_KEYS.holders.map((k) => privateKeyToAccount(k).address),
  reporters: HARDHAT_KEYS.reporters.map((k) => privateKeyToAccount(k).address),
};
