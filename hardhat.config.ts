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
  },
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
