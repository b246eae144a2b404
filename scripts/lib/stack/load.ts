// Protocol traffic in bulk for the indexer benchmark (scripts/bench-indexer.ts): tens of thousands of real
// protocol events in a few hundred transactions. Two BenchBatcher contracts (contracts/test/BenchBatcher.sol)
// mint positions of a dedicated rig and pass them back and forth, and part of them goes to one account, whose
// portfolio the benchmark then reads. Every event is emitted by RigShares and the distributor themselves.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { type Abi, type Address, type Hex, type PublicClient, createWalletClient, getAddress, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type AddressBook, contractsOf, registerRig, setSaleOpen, testErc20Abi } from "../../../sdk/index.js";

import { HARDHAT_KEYS } from "./accounts.js";
import { localChain, testPublicClient, testWalletClient } from "./clients.js";
import { ROOT } from "./processes.js";

export type LoadOptions = {
  rpcUrl: string;
  book: AddressBook;
  /** Positions minted (each mint emits SharesMinted and Transfer). */
  mints: number;
  /** Of those, how many go to `portfolioOwner` (one Transfer each). */
  portfolio: number;
  portfolioOwner: Address;
  /** Rounds of passing the other positions from one batcher to the other (one Transfer each per round). */
  rounds: number;
  /** Mints or transfers per transaction (default 100: ~15M gas, under the node's block gas limit). */
  batch?: number;
};

export type LoadSummary = {
  rigId: bigint;
  transactions: number;
  /** The portfolio's position ids, ascending. */
  portfolioIds: bigint[];
  firstBlock: bigint;
  lastBlock: bigint;
};

type Artifact = { abi: Abi; bytecode: Hex };
type DeployerClient = ReturnType<typeof deployerClient>;

/** The deployer's full wallet client (the SDK's WriteClient type covers only what its actions send). */
function deployerClient(rpcUrl: string, chainId: number) {
  return createWalletClient({
    account: privateKeyToAccount(HARDHAT_KEYS.deployer),
    chain: localChain(chainId, rpcUrl),
    transport: http(rpcUrl),
  });
}

async function artifact(name: string): Promise<Artifact> {
  const file = path.join(ROOT, "artifacts", "contracts", "test", `${name}.sol`, `${name}.json`);
  const json = JSON.parse(await readFile(file, "utf8")) as Artifact;
  return { abi: json.abi, bytecode: json.bytecode };
}

async function deploy(wallet: DeployerClient, reader: PublicClient, a: Artifact, args: unknown[]): Promise<Address> {
  const hash = await wallet.deployContract({
    abi: a.abi,
    bytecode: a.bytecode,
    args,
    chain: wallet.chain,
    account: wallet.account!,
  });
  const receipt = await reader.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("BenchBatcher deployment made no contract");
  return getAddress(receipt.contractAddress);
}

/** Generates the traffic; returns where it landed. Needs a deployment with the demo seed's USDC and WBTC. */
export async function generateLoad({
  rpcUrl,
  book,
  mints,
  portfolio,
  portfolioOwner,
  rounds,
  batch = 100,
}: LoadOptions): Promise<LoadSummary> {
  const usdc = book.tokens?.USDC?.address;
  const wbtc = book.tokens?.WBTC?.address;
  if (!usdc || !wbtc) throw new Error("generateLoad needs the demo seed's USDC and WBTC test tokens");
  if (portfolio > mints) throw new RangeError("portfolio must not exceed mints");
  const contracts = contractsOf(book);
  const reader = testPublicClient(rpcUrl, book.chainId);
  const operator = testWalletClient(rpcUrl, book.chainId, HARDHAT_KEYS.operator);
  const deployer = deployerClient(rpcUrl, book.chainId);
  const firstBlock = (await reader.getBlockNumber()) + 1n;
  let transactions = 0;
  const wait = async (hash: Hex) => {
    transactions++;
    const receipt = await reader.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`load transaction ${hash} reverted`);
  };

  // A rig with room for every mint at one base unit of USDC per share.
  const { rigId } = await registerRig(operator, {
    contracts,
    params: {
      name: "Bench rig",
      algorithm: "SHA256",
      hashrate: 200n * 10n ** 12n,
      powerWatts: 3_500,
      totalShares: BigInt(mints),
      pricePerShare: 1n,
      paymentToken: usdc,
      payoutToken: wbtc,
      epochLength: 86_400,
      maxEpochPayout: 10n ** 8n,
      royaltyBps: 0,
    },
  });
  await setSaleOpen(operator, { contracts, rigId, open: true });

  const batcher = await artifact("BenchBatcher");
  const [a, b] = [
    await deploy(deployer, reader, batcher, [contracts.rigShares, usdc]),
    await deploy(deployer, reader, batcher, [contracts.rigShares, usdc]),
  ];
  await wait(
    await deployer.writeContract({
      address: usdc,
      abi: testErc20Abi,
      functionName: "mint",
      args: [a, BigInt(mints)],
      chain: deployer.chain,
      account: deployer.account!,
    }),
  );
  const call = async (to: Address, functionName: "mintMany" | "transferMany", args: unknown[]) =>
    wait(
      await deployer.writeContract({
        address: to,
        abi: batcher.abi,
        functionName,
        args,
        chain: deployer.chain,
        account: deployer.account!,
      }),
    );

  // Positions of a rig are numbered rigId × 10^12 + serial, serials from 1.
  const ids: bigint[] = [];
  for (let done = 0; done < mints; done += batch) {
    const count = Math.min(batch, mints - done);
    await call(a, "mintMany", [rigId, BigInt(count), 1n]);
    for (let i = 1; i <= count; i++) ids.push(rigId * 10n ** 12n + BigInt(done + i));
  }
  const portfolioIds = ids.slice(0, portfolio);
  for (let i = 0; i < portfolioIds.length; i += batch)
    await call(a, "transferMany", [portfolioIds.slice(i, i + batch), portfolioOwner]);
  const rest = ids.slice(portfolio);
  for (let round = 0; round < rounds; round++) {
    const [from, to] = round % 2 === 0 ? [a, b] : [b, a];
    for (let i = 0; i < rest.length; i += batch) await call(from, "transferMany", [rest.slice(i, i + batch), to]);
  }
  return { rigId, transactions, portfolioIds, firstBlock, lastBlock: await reader.getBlockNumber() };
}
