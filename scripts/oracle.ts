// The oracle updater (see oracle/README.md).
//
//   npm run oracle -- --network <name> [--dry-run] [--json] [--once] [--rig <id>]… [--interval <s>]
//   npm run oracle -- --network <name> --role signer [--port <n>]
//
// Options: --config <file> (default oracle/config/<network>.json); --rpc-url <url> overrides the network's
// URL; --deployments <file> picks the address book (default deployments/<chainId>.json, or the directory
// in RIGSHARE_DEPLOYMENTS_DIR). Keys come from environment variables or the Hardhat keystore, never from a
// file: RIGSHARE_OPERATOR_KEY (relayer: sends and funds), RIGSHARE_REPORTER_KEYS (comma-separated reporter
// keys this process signs with), RIGSHARE_SIGNER_TOKEN (signer: bearer token relayers must present).
// Bad configuration prints one line on stderr and exits 2; a failed run exits 1.
import path from "node:path";
import { parseArgs } from "node:util";

import { loadOracleConfig, parsePrivateKey, parsePrivateKeys } from "../oracle/config.js";
import { ConfigError, describeError, exitCodeOf, oneLine } from "../oracle/errors.js";
import { createLogger, formatJson } from "../oracle/log.js";
import { runRelayer, runSigner } from "../oracle/main.js";
import { deploymentsDir } from "../sdk/loadAddressBook.js";

const ROOT = path.resolve(import.meta.dirname, "..");

let json = process.argv.includes("--json");

function fail(error: unknown): never {
  const message = describeError(error);
  if (json)
    process.stderr.write(
      `${formatJson({ time: new Date().toISOString(), level: "fatal", action: "fatal", error: message })}\n`,
    );
  else process.stderr.write(`oracle: ${message}\n`);
  process.exit(exitCodeOf(error));
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        network: { type: "string" },
        config: { type: "string" },
        "rpc-url": { type: "string" },
        deployments: { type: "string" },
        role: { type: "string", default: "relayer" },
        "dry-run": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        once: { type: "boolean", default: false },
        interval: { type: "string" },
        rig: { type: "string", multiple: true },
        port: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new ConfigError(oneLine(error));
  }
  json = values.json;
  if (values.help) {
    console.log(
      "usage: npm run oracle -- --network <name> [--role relayer|signer] [--dry-run] [--json] [--once] [--config <file>] [--rpc-url <url>] [--deployments <file>] [--rig <id>] [--interval <s>] [--port <n>]",
    );
    return 0;
  }
  if (!values.network) throw new ConfigError("--network <name> is required");
  if (values.role !== "relayer" && values.role !== "signer")
    throw new ConfigError(`--role must be "relayer" or "signer" (got "${values.role}")`);
  const number = (v: string | undefined, what: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${what} must be a non-negative number (got "${v}")`);
    return n;
  };
  const intervalSeconds = number(values.interval, "--interval");
  const port = number(values.port, "--port");
  const rigIds = values.rig?.map((r) => {
    if (!/^\d+$/.test(r)) throw new ConfigError(`--rig must be a rig id (got "${r}")`);
    return BigInt(r);
  });

  // Hardhat is loaded only now: --help and argument errors answer at once.
  const { default: hre } = await import("hardhat");
  const networks = hre.config.networks;
  const network = values.network;
  if (!Object.hasOwn(networks, network))
    throw new ConfigError(`unknown network "${network}" (have: ${Object.keys(networks).join(", ")})`);
  const networkConfig = networks[network];
  if (networkConfig.type !== "http") {
    throw new ConfigError(
      `network "${network}" is an in-process simulated chain: start \`npx hardhat node\` and use --network localhost`,
    );
  }
  let rpcUrl = values["rpc-url"];
  if (!rpcUrl) {
    try {
      rpcUrl = await networkConfig.url.getUrl();
    } catch (error) {
      throw new ConfigError(`network "${network}" has no usable RPC URL: ${oneLine(error)}`);
    }
  }

  /** A secret from the environment, else from the Hardhat keystore (if the keystore has it). */
  async function secret(name: string): Promise<string | undefined> {
    const env = process.env[name];
    if (env !== undefined && env.trim() !== "") return env;
    try {
      return await hre.hooks.runHandlerChain(
        "configurationVariables",
        "fetchValue",
        [{ _type: "ConfigurationVariable", name }],
        async () => {
          throw new Error("not set");
        },
      );
    } catch {
      return undefined;
    }
  }
  const operator = await secret("RIGSHARE_OPERATOR_KEY");
  const reporters = await secret("RIGSHARE_REPORTER_KEYS");
  const secrets = {
    ...(operator ? { operatorKey: parsePrivateKey(operator, "RIGSHARE_OPERATOR_KEY") } : {}),
    reporterKeys: reporters ? parsePrivateKeys(reporters, "RIGSHARE_REPORTER_KEYS") : [],
  };

  const configFile = path.resolve(values.config ?? path.join(ROOT, "oracle", "config", `${network}.json`));
  const config = await loadOracleConfig(configFile);
  const log = createLogger({ json: values.json });
  const controller = new AbortController();
  let signals = 0;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (++signals > 1) process.exit(130);
      log.info("signal", { signal: sig, note: "finishing the current step" });
      controller.abort();
    });
  }
  const options = {
    config,
    network,
    rpcUrl,
    ...(networkConfig.chainId !== undefined ? { networkChainId: networkConfig.chainId } : {}),
    ...(values.deployments ? { bookFile: path.resolve(values.deployments) } : {}),
    deploymentsDir: deploymentsDir(),
    secrets,
    dryRun: values["dry-run"],
    once: values.once,
    ...(rigIds ? { rigIds } : {}),
    ...(intervalSeconds !== undefined ? { intervalSeconds } : {}),
    ...(port !== undefined ? { port } : {}),
    log,
    signal: controller.signal,
  };
  return values.role === "signer" ? runSigner(options) : runRelayer(options);
}

try {
  process.exit(await main());
} catch (error) {
  fail(error);
}
