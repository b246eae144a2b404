// Hardhat 3 configuration: offline solc from the npm `solc` package, TypeChain into
// typechain-types/, Solidity fuzz/invariant tests beside the mocha suite, and the
// networks the deploy modules target (secrets only through configuration variables).
import { createRequire } from "node:module";
import path from "node:path";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
const SOLC_PATH = require.resolve("solc/soljson.js");
const SOLC_VERSION: string = require("solc/package.json").version;

const REHEARSAL_EXPLORER = process.env.RIGSHARE_REHEARSAL_EXPLORER_URL;

const compiler = {
  version: SOLC_VERSION,
  path: SOLC_PATH,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatViem],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  paths: {
    // RIGSHARE_IGNITION_DIR keeps Ignition's journals elsewhere (the testnet rehearsal, scripts/rehearse-testnet.ts,
    // deploys to chain ids 11155111 / 84532 without touching ignition/deployments/chain-<id>/).
    ...(process.env.RIGSHARE_IGNITION_DIR ? { ignition: process.env.RIGSHARE_IGNITION_DIR } : {}),
    tests: {
      mocha: "test",
      solidity: "test/solidity",
    },
  },
  typechain: {
    outDir: path.resolve(import.meta.dirname, "typechain-types"),
  },
  test: {
    solidity: {
      // FUZZ_SEED (hex) replays a run exactly; .ci/run draws one per run and prints it.
      fuzz: {
        runs: Number(process.env.FUZZ_RUNS ?? 256),
        ...(process.env.FUZZ_SEED ? { seed: process.env.FUZZ_SEED } : {}),
      },
      invariant: { runs: Number(process.env.INVARIANT_RUNS ?? 64), depth: 40, failOnRevert: false },
    },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    // Offline rehearsal (scripts/rehearse-testnet.ts): no Sourcify, whose API has no stand-in here.
    ...(REHEARSAL_EXPLORER ? { sourcify: { enabled: false } } : {}),
  },
  // RIGSHARE_REHEARSAL_EXPLORER_URL sends `hardhat verify` / `ignition verify` to a stand-in Etherscan /
  // Blockscout API on 127.0.0.1 for Sepolia and Base Sepolia (the offline testnet rehearsal); unset, the
  // explorers are the real ones.
  ...(REHEARSAL_EXPLORER
    ? {
        chainDescriptors: Object.fromEntries(
          [
            [11155111, "Sepolia"],
            [84532, "Base Sepolia"],
          ].map(([id, name]) => [
            id,
            {
              name: String(name),
              chainType: id === 84532 ? ("op" as const) : ("l1" as const),
              blockExplorers: {
                etherscan: {
                  name: "rehearsal Etherscan",
                  url: REHEARSAL_EXPLORER,
                  apiUrl: `${REHEARSAL_EXPLORER}/etherscan/api`,
                },
                blockscout: {
                  name: "rehearsal blockscout",
                  url: REHEARSAL_EXPLORER,
                  apiUrl: `${REHEARSAL_EXPLORER}/blockscout/api`,
                },
              },
            },
          ]),
        ),
      }
    : {}),
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // LOCALHOST_RPC_URL points `--network localhost` at another node or port (npm run chain -- --port N).
    localhost: { type: "http", chainType: "l1", url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("BASE_SEPOLIA_PRIVATE_KEY")],
    },
  },
});
