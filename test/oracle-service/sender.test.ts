// The transaction sender against a real `hardhat node`: nonce conflicts, transactions stuck in the mempool
// (replaced with higher fees, mined once), fee caps below the base fee, a key without gas money, and
// transactions an earlier run left pending.
import { expect } from "chai";
import {
  type Address,
  type Hex,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
} from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

import { erc20Abi } from "../../oracle/abi.js";
import { chainFor } from "../../oracle/chain.js";
import { DEFAULT_TX } from "../../oracle/config.js";
import { InsufficientFundsError, NonceConflictError } from "../../oracle/errors.js";
import { type LogRecord, createLogger } from "../../oracle/log.js";
import { TxSender } from "../../oracle/sender.js";
import { rejects } from "./expectations.js";
import { type HardhatNode, MNEMONIC, readArtifact, rpc, startHardhatNode } from "./helpers.js";

const mintAbi = [
  ...erc20Abi,
  {
    type: "function",
    name: "mint",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [],
  },
] as const;

describe("oracle service: transaction sender (hardhat node)", function () {
  this.timeout(120_000);
  let node: HardhatNode;
  let client: PublicClient;
  let token: Address;
  const account = mnemonicToAccount(MNEMONIC, { addressIndex: 5 });
  const chain = chainFor(31_337, "http://127.0.0.1");

  function sender(records: LogRecord[], options: Partial<typeof DEFAULT_TX> = {}, hooks = {}, who = account) {
    const log = createLogger({ write: () => {}, onRecord: (r) => records.push(r) });
    return new TxSender(
      client,
      who as never,
      chain,
      { ...DEFAULT_TX, receiptTimeoutMs: 400, pollMs: 25, ...options },
      log,
      hooks,
    );
  }
  const mint = (amount: bigint) => ({
    label: `mint ${amount}`,
    address: token,
    abi: mintAbi,
    functionName: "mint",
    args: [account.address, amount],
  });
  const balance = () =>
    client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
  const nonce = (blockTag: "latest" | "pending" = "latest") =>
    client.getTransactionCount({ address: account.address, blockTag });
  async function waitForRecord(records: LogRecord[], action: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!records.some((r) => r.action === action)) {
      if (Date.now() > deadline) throw new Error(`no ${action} log line`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  before(async function () {
    node = await startHardhatNode();
    client = createPublicClient({
      chain: chainFor(31_337, node.url),
      transport: http(node.url),
      pollingInterval: 25,
    }) as PublicClient;
    const artifact = await readArtifact("TestERC20");
    const wallet = createWalletClient({ chain: chainFor(31_337, node.url), transport: http(node.url), account });
    const hash = await wallet.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: ["Wrapped BTC", "WBTC", 8],
    });
    token = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
  });
  after(async function () {
    await node?.stop();
  });

  it("re-reads the nonce after another wallet used the key, reporting the conflict so state is re-derived", async function () {
    const records: LogRecord[] = [];
    const s = sender(records);
    await s.send(mint(1n));
    // The same key sends from elsewhere (a human with the operator's wallet): the cached nonce is taken.
    const wallet = createWalletClient({ chain: chainFor(31_337, node.url), transport: http(node.url), account });
    await client.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: token,
        abi: mintAbi,
        functionName: "mint",
        args: [account.address, 10n],
      }),
    });
    const before = await balance();
    await rejects(s.send(mint(100n)), NonceConflictError, /nonce conflict/);
    expect(records.some((r) => r.action === "nonce-refresh")).to.equal(true);
    await s.send(mint(100n));
    expect(await balance()).to.equal(before + 100n);
  });

  it("replaces a transaction stuck in the mempool with higher fees, and exactly one of them is mined", async function () {
    const records: LogRecord[] = [];
    const s = sender(records);
    const before = await balance();
    const startNonce = await nonce();
    await rpc(node.url, "evm_setAutomine", [false]);
    try {
      const sending = s.send(mint(7n));
      await waitForRecord(records, "tx-replace");
      // The replacement is sent right after the tx-replace line.
      while (records.filter((r) => r.action === "tx-sent").length < 2) await new Promise((r) => setTimeout(r, 20));
      await rpc(node.url, "evm_mine");
      const receipt = await sending;
      const sent = records.filter((r) => r.action === "tx-sent");
      expect(sent[1].replaces).to.equal(sent[0].hash);
      expect(BigInt(String(sent[1].maxFeePerGas))).to.equal((BigInt(String(sent[0].maxFeePerGas)) * 125n + 99n) / 100n);
      expect(receipt.transactionHash).to.equal(sent[1].hash);
      expect(await client.getTransactionReceipt({ hash: sent[0].hash as Hex }).catch(() => null)).to.equal(null);
    } finally {
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    expect(await balance()).to.equal(before + 7n);
    expect(await nonce()).to.equal(startNonce + 1);
  });

  it("bumps fees when the node says the fee cap is below the base fee", async function () {
    const records: LogRecord[] = [];
    let calls = 0;
    const estimateFees = async () => {
      if (calls++ === 0) return { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n };
      const f = await client.estimateFeesPerGas();
      return { maxFeePerGas: f.maxFeePerGas!, maxPriorityFeePerGas: f.maxPriorityFeePerGas! };
    };
    const before = await balance();
    await sender(records, {}, { estimateFees }).send(mint(3n));
    const bump = records.find((r) => r.action === "fee-bump");
    expect(bump?.reason).to.equal("underpriced");
    expect(records.filter((r) => r.action === "tx-sent")).to.have.length(1);
    expect(await balance()).to.equal(before + 3n);
  });

  it("fails with a clear error when the key cannot pay for gas", async function () {
    const broke = privateKeyToAccount(generatePrivateKey());
    const error = await rejects(
      sender([], {}, {}, broke as never).send(mint(1n)),
      InsufficientFundsError,
      /cannot pay for gas \(balance 0 wei\)/,
    );
    expect(error.message).to.include(broke.address);
  });

  it("waits for transactions an earlier run left pending, then has the caller re-derive its state", async function () {
    const records: LogRecord[] = [];
    await rpc(node.url, "evm_setAutomine", [false]);
    try {
      // A transaction "the previous process" sent just before it was killed.
      const wallet = createWalletClient({ chain: chainFor(31_337, node.url), transport: http(node.url), account });
      await wallet.sendTransaction({
        to: token,
        data: encodeFunctionData({ abi: mintAbi, functionName: "mint", args: [account.address, 5n] }),
        gas: 100_000n,
        value: 0n,
      });
      expect(await nonce("pending")).to.equal((await nonce()) + 1);
      const sending = sender(records, { receiptTimeoutMs: 5_000 }).send(mint(9n));
      await waitForRecord(records, "in-flight");
      await rpc(node.url, "evm_mine");
      await rejects(sending, NonceConflictError, /earlier transactions .* were mined/);
    } finally {
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    const before = await balance();
    await sender(records).send(mint(9n));
    expect(await balance()).to.equal(before + 9n);
  });
});
