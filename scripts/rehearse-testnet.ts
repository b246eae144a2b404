// The testnet rehearsal (issue 16), offline: what a user runs against Sepolia / Base Sepolia, run against a
// `hardhat node` with the testnet's chain id (11155111 / 84532, Base Sepolia as an OP chain).
//
//   npm run rehearse:testnet [-- --chain sepolia|baseSepolia]… [--gas-price-gwei <n>] [--keep] [--json <file>]
//
// For each chain, in a throwaway directory (the user's keystore, ignition/deployments/ and deployments/ are
// never touched: XDG_CONFIG_HOME, RIGSHARE_IGNITION_DIR and RIGSHARE_DEPLOYMENTS_DIR point there):
//   1. the walk-through's commands (docs/testnet.md, its ```sh blocks), in order, with the keystore's password
//      and secrets typed at its prompts: keystore set-up, deploy, deploy again, verify against a stand-in
//      Etherscan/Blockscout API on 127.0.0.1 (RIGSHARE_REHEARSAL_EXPLORER_URL);
//   2. checks: the address book's contracts have code; the second deployment sent nothing (deployer nonce) and
//      gave the same addresses; every contract has its verification inputs and the explorer received exactly
//      those (standard JSON input sources, constructor arguments, compiler version);
//   3. crash and resume: a fresh deployment on the same node, blocks every 200 ms, SIGKILLed once the first
//      contract is confirmed in the Ignition journal; the rerun resumes and each contract is created once;
//   4. gas: the deployment's receipts summed, × the stated gas price = the faucet funds needed.
// Exits 1 on any failure.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { type IncomingMessage, createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { type LocalNode, startNode } from "./lib/stack/node.js";
import { BIN, ROOT, rpc } from "./lib/stack/processes.js";
import type { ContractVerificationInput } from "./lib/verifyInputs.js";

/** Hardhat's test account #0: a public key, funded on every `hardhat node`; never a real key. */
const TEST_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const TEST_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const PASSWORD = "rehearsal-password";

export type RehearsalChain = {
  network: "sepolia" | "baseSepolia";
  chainId: number;
  chainType: "l1" | "op";
  prefix: string;
  /** Stated gas price (gwei) for the faucet estimate: an assumption, not measured (no internet here). */
  gasPriceGwei: number;
};
export const CHAINS: Record<string, RehearsalChain> = {
  sepolia: { network: "sepolia", chainId: 11155111, chainType: "l1", prefix: "SEPOLIA", gasPriceGwei: 20 },
  baseSepolia: { network: "baseSepolia", chainId: 84532, chainType: "op", prefix: "BASE_SEPOLIA", gasPriceGwei: 0.1 },
};

const log = (message: string) => console.log(`[rehearsal] ${message}`);
class RehearsalError extends Error {}
function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new RehearsalError(message);
}

// ---------------------------------------------------------------------------------------------------------
// Commands: a shell line run in the project root, prompts of hardhat-keystore answered like a user would.

export type CommandResult = { code: number | null; signal: string | null; output: string; ms: number };

/** The secret a `keystore set <KEY>` prompt wants, by the key named on the command line. */
export type Secrets = Record<string, string>;

/**
 * Runs `line` with bash in its own process group; answers "[hardhat-keystore] Enter/confirm the password" with
 * the password and "Enter secret" with secrets[<KEY of the command>]. `onOutput` sees the output as it comes.
 */
export function runLine(
  line: string,
  env: NodeJS.ProcessEnv,
  secrets: Secrets,
  { timeoutMs = 300_000, onStart }: { timeoutMs?: number; onStart?: (child: ChildProcess) => void } = {},
): Promise<CommandResult> {
  const started = Date.now();
  const key = /keystore\s+set\s+(?:--\S+\s+)*([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1];
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", line], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    onStart?.(child);
    let output = "";
    let answered = 0;
    // Hardhat keeps running while its stdin is open: it is closed once no prompt followed an answer for 3 s.
    let closeTimer: NodeJS.Timeout | undefined;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const prompts = [...output.matchAll(/\[hardhat-keystore\] ([^:\n]*):/g)].map((m) => m[1]);
      while (answered < prompts.length) {
        const prompt = prompts[answered++];
        const answer = /secret/i.test(prompt) ? (key ? secrets[key] : undefined) : PASSWORD;
        if (answer === undefined) output += `\n[rehearsal] no answer for the prompt "${prompt}"\n`;
        child.stdin!.write(`${answer ?? ""}\n`);
        clearTimeout(closeTimer);
        closeTimer = setTimeout(() => child.stdin!.end(), 3_000);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.stdin!.on("error", () => {}); // closed by an exiting child
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(closeTimer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // gone
  }
}

/** The ```sh blocks of a markdown file: one command per line (comments and blank lines dropped, `\` joined). */
export function shCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    let pending = "";
    for (const raw of block[1].split("\n")) {
      const line = raw.replace(/\s+#.*$/, "").replace(/^#.*$/, "");
      if (line.trim().endsWith("\\")) {
        pending += line.trim().slice(0, -1) + " ";
        continue;
      }
      const full = (pending + line).trim();
      pending = "";
      if (full) commands.push(full);
    }
  }
  return commands;
}

// ---------------------------------------------------------------------------------------------------------
// A stand-in for the Etherscan / Blockscout contract API: records the submissions, answers "verified".

type Submission = {
  provider: string;
  address: string;
  contractName: string;
  compilerVersion: string;
  constructorArguments: string;
  sources: Record<string, { content: string }>;
};

async function startExplorer() {
  const submissions: Submission[] = [];
  const verified = new Set<string>();
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => resolve(text));
    });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const provider = url.pathname.split("/")[1] ?? "?";
    const params = new URLSearchParams(url.search);
    if (req.method === "POST") for (const [k, v] of new URLSearchParams(await body(req))) params.set(k, v);
    const reply = (status: string, result: unknown) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status, message: status === "1" ? "OK" : "NOTOK", result }));
    };
    const action = params.get("action");
    const address = (params.get("address") ?? params.get("contractaddress") ?? "").toLowerCase();
    if (action === "getsourcecode") {
      const known = verified.has(`${provider}:${address}`);
      return reply("1", [{ SourceCode: known ? "{...}" : "", ContractName: "", ABI: "" }]);
    }
    if (action === "verifysourcecode") {
      const input = JSON.parse(params.get("sourceCode") ?? "{}") as { sources?: Submission["sources"] };
      submissions.push({
        provider,
        address,
        contractName: params.get("contractname") ?? "",
        compilerVersion: params.get("compilerversion") ?? "",
        constructorArguments: params.get("constructorArguements") ?? params.get("constructorArguments") ?? "",
        sources: input.sources ?? {},
      });
      verified.add(`${provider}:${address}`);
      return reply("1", `guid-${submissions.length}`);
    }
    if (action === "checkverifystatus") return reply("1", "Pass - Verified");
    res.statusCode = 404;
    reply("0", `unknown action ${action}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    submissions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Chain reading

type Tx = { hash: string; from: string; to: string | null };
type Receipt = { gasUsed: string; contractAddress: string | null; status: string; l1Fee?: string };

async function blockNumber(url: string) {
  return Number(await rpc<string>(url, "eth_blockNumber"));
}
async function nonceOf(url: string, address: string, tag = "latest") {
  return Number(await rpc<string>(url, "eth_getTransactionCount", [address, tag]));
}

/** The deployer's transactions in blocks (from, to]: gas, L1 data fees (OP chains) and contract creations. */
async function scan(url: string, from: number, to: number, deployer: string) {
  let gas = 0n;
  let l1Fee = 0n;
  let transactions = 0;
  const created: string[] = [];
  for (let n = from + 1; n <= to; n++) {
    const block = await rpc<{ transactions: Tx[] }>(url, "eth_getBlockByNumber", [`0x${n.toString(16)}`, true]);
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== deployer) continue;
      const receipt = await rpc<Receipt>(url, "eth_getTransactionReceipt", [tx.hash]);
      check(receipt.status === "0x1", `transaction ${tx.hash} reverted`);
      transactions++;
      gas += BigInt(receipt.gasUsed);
      if (receipt.l1Fee) l1Fee += BigInt(receipt.l1Fee);
      if (tx.to === null && receipt.contractAddress) created.push(receipt.contractAddress.toLowerCase());
    }
  }
  return { gas, l1Fee, transactions, created };
}

type Book = { chainId: number; contracts: Record<string, { address: string; blockNumber: number }> };
async function readBook(dir: string, chainId: number): Promise<Book> {
  const file = path.join(dir, `${chainId}.json`);
  check(existsSync(file), `no address book ${file}`);
  return JSON.parse(await readFile(file, "utf8")) as Book;
}
async function assertDeployed(url: string, book: Book) {
  for (const [name, c] of Object.entries(book.contracts)) {
    const code = await rpc<string>(url, "eth_getCode", [c.address, "latest"]);
    check(code.length > 2, `${name} at ${c.address} has no code`);
  }
}

type JournalLine = { type: string; futureId?: string; futureType?: string };
async function journal(dir: string): Promise<JournalLine[]> {
  const text = await readFile(dir, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as JournalLine);
}
const deploymentFutures = (lines: JournalLine[]) =>
  new Set(
    lines
      .filter(
        (l) => l.type === "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" && /CONTRACT_DEPLOYMENT/.test(l.futureType ?? ""),
      )
      .map((l) => l.futureId!),
  );
const completedDeployments = (lines: JournalLine[], futures: Set<string>) =>
  lines.filter((l) => l.type === "DEPLOYMENT_EXECUTION_STATE_COMPLETE" && futures.has(l.futureId ?? "")).length;

// ---------------------------------------------------------------------------------------------------------

export type ChainReport = {
  network: string;
  chainId: number;
  contracts: number;
  deployTransactions: number;
  deploymentGas: string;
  l1DataFeeWei: string;
  gasPriceGwei: number;
  faucetFundsEth: string;
  timingsMs: Record<string, number>;
  commands: { command: string; ms: number }[];
  crash: { killedAfterContracts: number; ofContracts: number; creationsAfterResume: number };
  verified: number;
};

/** The environment of the rehearsal's commands: only the throwaway keystore and directories, no CI flags. */
function rehearsalEnv(tmp: string, explorer: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // hardhat-keystore ignores the keystore on CI and refuses the production keystore under HH_TEST (mocha).
  for (const k of Object.keys(env))
    if (
      /^(CI|CONTINUOUS_INTEGRATION|BUILD_NUMBER|RUN_ID|GITHUB_ACTIONS|NOW|DEPLOYMENT_ID|CODEBUILD_BUILD_NUMBER|HH_TEST)$/.test(
        k,
      ) ||
      /^(SEPOLIA|BASE_SEPOLIA)_/.test(k) ||
      k === "ETHERSCAN_API_KEY"
    )
      delete env[k];
  return {
    ...env,
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    XDG_CONFIG_HOME: path.join(tmp, "config"),
    RIGSHARE_IGNITION_DIR: path.join(tmp, "ignition"),
    RIGSHARE_DEPLOYMENTS_DIR: path.join(tmp, "deployments"),
    RIGSHARE_REHEARSAL_EXPLORER_URL: explorer,
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
}

/** Replaces the walk-through's placeholders: `sepolia`-specific lines become the chain's. */
function forChain(command: string, chain: RehearsalChain): string {
  if (chain.network === "sepolia") return command;
  return command
    .replace(/\bSEPOLIA_/g, `${chain.prefix}_`)
    .replace(/--network sepolia\b/g, `--network ${chain.network}`)
    .replace(/chain-11155111\b/g, `chain-${chain.chainId}`)
    .replace(/\b11155111\b/g, String(chain.chainId));
}

export async function rehearseChain(
  chain: RehearsalChain,
  { docs = path.join(ROOT, "docs", "testnet.md"), keep = false }: { docs?: string; keep?: boolean } = {},
): Promise<ChainReport> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), `rigshare-rehearsal-${chain.network}-`));
  let node: LocalNode | undefined;
  const explorer = await startExplorer();
  try {
    node = await startNode({ chainId: chain.chainId, chainType: chain.chainType });
    timings.node = Date.now() - t0;
    check(node.chainId === chain.chainId, `the node reports chain ${node.chainId}, not ${chain.chainId}`);
    log(
      `${chain.network}: hardhat node on ${node.url}, chain id ${node.chainId} (${chain.chainType}); work dir ${tmp}`,
    );
    const env = rehearsalEnv(tmp, explorer.url);
    await mkdir(env.XDG_CONFIG_HOME!, { recursive: true });
    const secrets: Secrets = {
      [`${chain.prefix}_RPC_URL`]: node.url,
      [`${chain.prefix}_PRIVATE_KEY`]: TEST_KEY,
      ETHERSCAN_API_KEY: "rehearsal-api-key",
    };
    const deployments = env.RIGSHARE_DEPLOYMENTS_DIR!;
    const url = node.url;

    // 1. The walk-through, command by command.
    const commands = shCommands(await readFile(docs, "utf8")).map((c) => forChain(c, chain));
    check(commands.length > 0, `no sh commands in ${docs}`);
    const ran: { command: string; ms: number }[] = [];
    let deploys = 0;
    let firstDeploy: { before: number; after: number; nonceBefore: number } | undefined;
    let firstBook: Book | undefined;
    for (const command of commands) {
      const isDeploy = /npm run deploy\b/.test(command) && !/--verify/.test(command);
      const before = await blockNumber(url);
      const nonceBefore = await nonceOf(url, TEST_ADDRESS);
      log(`$ ${command}`);
      const r = await runLine(command, env, secrets);
      ran.push({ command, ms: r.ms });
      check(r.code === 0, `\`${command}\` failed (${r.signal ?? `exit ${r.code}`}):\n${r.output.slice(-4000)}`);
      if (!isDeploy) continue;
      deploys++;
      const book = await readBook(deployments, chain.chainId);
      await assertDeployed(url, book);
      if (deploys === 1) {
        firstDeploy = { before, after: await blockNumber(url), nonceBefore };
        firstBook = book;
        timings.deploy = r.ms;
      } else {
        const nonceAfter = await nonceOf(url, TEST_ADDRESS);
        check(nonceAfter === nonceBefore, `the re-run sent ${nonceAfter - nonceBefore} transactions`);
        check(
          JSON.stringify(book.contracts) === JSON.stringify(firstBook!.contracts),
          "the re-run gave other addresses than the first deployment",
        );
        timings.redeploy = r.ms;
        log(`  re-run: 0 transactions, the same ${Object.keys(book.contracts).length} addresses`);
      }
    }
    check(deploys >= 2, `the walk-through deploys ${deploys} time(s); it must deploy, then show the re-run`);
    check(firstDeploy && firstBook, "no deployment");

    // 2. Gas of the first deployment and the faucet funds at the stated price.
    const firstScan = await scan(url, firstDeploy.before, firstDeploy.after, TEST_ADDRESS);
    const names = Object.keys(firstBook.contracts);
    const gasPriceWei = BigInt(Math.round(chain.gasPriceGwei * 1e9));
    const fundsWei = firstScan.gas * gasPriceWei + firstScan.l1Fee;
    const faucetFundsEth = (Number(fundsWei) / 1e18).toFixed(6);
    log(
      `  deployment: ${firstScan.transactions} transactions, ${firstScan.gas} gas` +
        (firstScan.l1Fee > 0n ? ` + ${firstScan.l1Fee} wei L1 data fee` : "") +
        `; at ${chain.gasPriceGwei} gwei (stated, not measured): ${faucetFundsEth} ETH`,
    );
    check(
      firstScan.created.length === names.length,
      `${firstScan.created.length} creations for ${names.length} contracts`,
    );

    // 3. Verification inputs, and what the explorer received from the walk-through's verify command.
    const verifyDir = path.join(deployments, `${chain.chainId}.verify`);
    const inputs: ContractVerificationInput[] = [];
    for (const name of names) {
      const file = path.join(verifyDir, `${name}.json`);
      check(existsSync(file), `no verification inputs for ${name} (${file})`);
      const input = JSON.parse(await readFile(file, "utf8")) as ContractVerificationInput;
      check(input.address.toLowerCase() === firstBook.contracts[name].address.toLowerCase(), `${name}: wrong address`);
      const standard = JSON.parse(await readFile(path.join(verifyDir, input.standardJsonInput), "utf8")) as {
        sources: Record<string, { content: string }>;
        settings: unknown;
      };
      const inputSource = input.inputContractName.split(":")[0];
      check(standard.sources[inputSource]?.content, `${name}: its source is not in ${input.standardJsonInput}`);
      check(existsSync(path.join(verifyDir, input.argsModule)), `${name}: no ${input.argsModule}`);
      const moduleArgs = ((await import(path.join(verifyDir, input.argsModule))) as { default: unknown }).default;
      check(JSON.stringify(moduleArgs) === JSON.stringify(input.constructorArgs), `${name}: args module differs`);
      inputs.push(input);
      const submitted = explorer.submissions.filter(
        (s) => s.provider === "etherscan" && s.address === input.address.toLowerCase(),
      );
      check(submitted.length > 0, `${name}: the walk-through's verify command submitted nothing to Etherscan`);
      for (const s of submitted) {
        check(s.contractName === input.inputContractName, `${name}: submitted as ${s.contractName}`);
        check(s.compilerVersion === input.compilerVersion, `${name}: compiler ${s.compilerVersion}`);
        check(s.constructorArguments === input.encodedConstructorArgs, `${name}: other constructor arguments`);
        for (const [source, { content }] of Object.entries(s.sources))
          check(standard.sources[source]?.content === content, `${name}: source ${source} differs from the inputs`);
      }
    }
    log(`  verification inputs: ${inputs.length} contracts, each as the explorer received it`);

    // 4. Crash and resume: a fresh deployment on the same node, blocks every 200 ms (5 confirmations),
    // SIGKILLed as soon as the journal has its first contract confirmed.
    const crashEnv = {
      ...env,
      RIGSHARE_IGNITION_DIR: path.join(tmp, "crash-ignition"),
      RIGSHARE_DEPLOYMENTS_DIR: path.join(tmp, "crash-deployments"),
    };
    const deployCommand = commands.find((c) => /npm run deploy\b/.test(c) && !/--verify/.test(c))!;
    const journalFile = path.join(
      crashEnv.RIGSHARE_IGNITION_DIR,
      "deployments",
      `chain-${chain.chainId}`,
      "journal.jsonl",
    );
    const crashStart = await blockNumber(url);
    await rpc(url, "evm_setAutomine", [false]);
    await rpc(url, "evm_setIntervalMining", [200]);
    let killedAfter = 0;
    let futuresAtKill = 0;
    const tCrash = Date.now();
    let child: ChildProcess | undefined;
    const watcher = setInterval(() => {
      void journal(journalFile).then((lines) => {
        const futures = deploymentFutures(lines);
        const done = completedDeployments(lines, futures);
        if (done >= 1 && child && !killedAfter) {
          killedAfter = done;
          futuresAtKill = futures.size;
          killGroup(child);
        }
      });
    }, 20);
    const crashed = await runLine(deployCommand, crashEnv, secrets, { onStart: (c) => (child = c) });
    clearInterval(watcher);
    check(killedAfter > 0, `the deployment finished before it could be killed:\n${crashed.output.slice(-2000)}`);
    check(crashed.signal === "SIGKILL", `the killed deployment ended with ${crashed.signal ?? crashed.code}`);
    // Back to automine (as the first run): pending transactions of the killed run are mined with the next block.
    await rpc(url, "evm_setIntervalMining", [0]);
    await rpc(url, "evm_setAutomine", [true]);
    await rpc(url, "evm_mine");
    const onChainAtKill = (await scan(url, crashStart, await blockNumber(url), TEST_ADDRESS)).created.length;
    log(
      `  crash: SIGKILL after ${killedAfter} contract(s) confirmed in the journal (${onChainAtKill} created on chain)`,
    );
    const resumed = await runLine(deployCommand, crashEnv, secrets);
    timings.crashAndResume = Date.now() - tCrash;
    check(resumed.code === 0, `the resumed deployment failed:\n${resumed.output.slice(-4000)}`);
    const crashBook = await readBook(crashEnv.RIGSHARE_DEPLOYMENTS_DIR, chain.chainId);
    await assertDeployed(url, crashBook);
    const after = await scan(url, crashStart, await blockNumber(url), TEST_ADDRESS);
    const lines = await journal(journalFile);
    const futures = deploymentFutures(lines);
    check(completedDeployments(lines, futures) === futures.size, "the resumed journal has unfinished deployments");
    check(killedAfter < futures.size, `killed after ${killedAfter} of ${futures.size}: not between two deployments`);
    check(
      after.created.length === futures.size && new Set(after.created).size === futures.size,
      `${after.created.length} contract creations for ${futures.size} contracts: something was deployed twice`,
    );
    for (const [name, c] of Object.entries(crashBook.contracts))
      check(after.created.includes(c.address.toLowerCase()), `${name} of the resumed book was not created by this run`);
    check(
      after.gas === firstScan.gas,
      `the crashed and resumed deployment used ${after.gas} gas, the first ${firstScan.gas}`,
    );
    log(`  resumed: ${after.created.length} creations for ${futures.size} contracts (each once), ${after.gas} gas`);
    void futuresAtKill;

    timings.total = Date.now() - t0;
    return {
      network: chain.network,
      chainId: chain.chainId,
      contracts: names.length,
      deployTransactions: firstScan.transactions,
      deploymentGas: firstScan.gas.toString(),
      l1DataFeeWei: firstScan.l1Fee.toString(),
      gasPriceGwei: chain.gasPriceGwei,
      faucetFundsEth,
      timingsMs: timings,
      commands: ran,
      crash: {
        killedAfterContracts: killedAfter,
        ofContracts: futures.size,
        creationsAfterResume: after.created.length,
      },
      verified: inputs.length,
    };
  } finally {
    await explorer.close();
    await node?.stop();
    if (!keep) await rm(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      chain: { type: "string", multiple: true },
      "gas-price-gwei": { type: "string" },
      keep: { type: "boolean", default: false },
      json: { type: "string" },
      docs: { type: "string" },
    },
  });
  const names = values.chain ?? Object.keys(CHAINS);
  const reports: ChainReport[] = [];
  for (const name of names) {
    const chain = CHAINS[name];
    if (!chain) throw new RehearsalError(`unknown chain "${name}" (have: ${Object.keys(CHAINS).join(", ")})`);
    const price = values["gas-price-gwei"] ? Number(values["gas-price-gwei"]) : chain.gasPriceGwei;
    reports.push(
      await rehearseChain(
        { ...chain, gasPriceGwei: price },
        { keep: values.keep, ...(values.docs ? { docs: path.resolve(values.docs) } : {}) },
      ),
    );
  }
  console.log("\nnetwork      chain id  contracts  txs  gas        gas price  faucet funds  time");
  for (const r of reports)
    console.log(
      `${r.network.padEnd(12)} ${String(r.chainId).padEnd(9)} ${String(r.contracts).padEnd(10)} ${String(r.deployTransactions).padEnd(4)} ${r.deploymentGas.padEnd(10)} ${`${r.gasPriceGwei} gwei`.padEnd(10)} ${`${r.faucetFundsEth} ETH`.padEnd(13)} ${(r.timingsMs.total / 1000).toFixed(0)} s`,
    );
  if (values.json) await writeFile(path.resolve(values.json), `${JSON.stringify(reports, null, 2)}\n`);
  console.log("\nrehearsal passed");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    console.error(`rehearsal FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
