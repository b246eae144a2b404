// Decoded custom errors: every error of the ABI union decodes into its own class with a literal name,
// named args and a readable message (from revert data, whichever contract's ABI the call used), and real
// reverts from the chain — through the SDK's simulations and pre-flight checks — arrive typed.
import { expect } from "chai";
import { network } from "hardhat";
import {
  type AbiParameter,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  encodeFunctionData,
  getAddress,
  keccak256,
  toHex,
} from "viem";

import { rewardDistributorAbi, rigSharesAbi, rigshareErrorsAbi } from "../../sdk/abis.js";
import { burn } from "../../sdk/actions/burn.js";
import { claim } from "../../sdk/actions/claim.js";
import { merge } from "../../sdk/actions/merge.js";
import { mint } from "../../sdk/actions/mint.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { retireRig } from "../../sdk/actions/retireRig.js";
import { setSaleOpen } from "../../sdk/actions/setSaleOpen.js";
import { split } from "../../sdk/actions/split.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { withdrawProceeds } from "../../sdk/actions/withdrawProceeds.js";
import {
  ContractRevertError,
  InsufficientAllowanceError,
  InsufficientBalanceError,
  type RigshareRevertErrorType,
  RigSharesSoldOutError,
  UnknownRevertError,
  decodeRigshareError,
  revertErrorClasses,
} from "../../sdk/errors.js";
import { send } from "../../sdk/internal/send.js";
import { BTC, type SdkProtocol, hourlyRigParams, sdkRigFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const ADDRESS = "0x1111111111111111111111111111111111111111";
function sample(input: AbiParameter, i: number): unknown {
  if (input.type === "address") return ADDRESS;
  if (input.type === "string") return "name";
  if (input.type === "bytes32") return keccak256(toHex("OPERATOR_ROLE"));
  if (input.type === "uint8") return 8;
  if (input.type === "uint48") return 1_800_000_000;
  return BigInt(3 + 17 * i);
}

/** Runs `action`, expects it to throw, returns the error. */
async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (e) {
    return e;
  }
  throw new Error("expected the action to throw");
}

/** The checksummed address of a wallet client (hardhat-viem's are lowercase). */
const addr = (client: SdkProtocol["alice"]) => getAddress(client.account.address);

async function blockNumber(p: SdkProtocol) {
  return p.publicClient.getBlockNumber({ cacheTime: 0 });
}

describe("SDK errors", function () {
  describe("decoding revert data", function () {
    it("has a class, a literal name and a one-line message for every error of the union", function () {
      expect(rigshareErrorsAbi.length).to.be.greaterThan(45);
      for (const item of rigshareErrorsAbi) {
        const args = item.inputs.map((input, i) => sample(input, i));
        const data = encodeErrorResult({ abi: rigshareErrorsAbi, errorName: item.name, args } as never);
        const error = decodeRigshareError(
          new ContractFunctionRevertedError({ abi: rigshareErrorsAbi, data, functionName: "f" }),
        );
        expect(error, item.name).to.be.instanceOf(revertErrorClasses[item.name]);
        expect(error).to.be.instanceOf(ContractRevertError);
        const typed = error as RigshareRevertErrorType;
        expect(typed.name).to.equal(`${item.name}Error`);
        expect(typed.errorName).to.equal(item.name);
        expect(Object.keys(typed.args)).to.deep.equal(item.inputs.map((input) => input.name));
        expect(typed.shortMessage, item.name)
          .to.match(/^[A-Z0-9]/)
          .and.not.match(/undefined|\n/);
        for (const [i, input] of item.inputs.entries()) {
          if (input.type === "uint256") expect(typed.shortMessage, item.name).to.contain(String(args[i]));
        }
      }
    });

    it("reads 'Rig 3 sold out: 20 shares left, 50 requested' and narrows on the name", function () {
      const data = encodeErrorResult({ abi: rigSharesAbi, errorName: "RigSharesSoldOut", args: [3n, 20n, 50n] });
      const error = decodeRigshareError(
        new ContractFunctionRevertedError({ abi: rigSharesAbi, data, functionName: "mint" }),
      )!;
      expect(error.shortMessage).to.equal("Rig 3 sold out: 20 shares left, 50 requested");
      expect(error).to.be.instanceOf(RigSharesSoldOutError);
      if (error.name !== "RigSharesSoldOutError") throw new Error("not narrowed");
      expect(error.args.available).to.equal(20n); // typed as bigint through the narrowing
    });

    it("decodes an ERC-20 error that bubbled through a contract whose ABI lacks it", function () {
      const data = encodeErrorResult({
        abi: rigshareErrorsAbi,
        errorName: "ERC20InsufficientAllowance",
        args: [ADDRESS, 0n, 100n],
      });
      const reverted = new ContractFunctionRevertedError({
        abi: rewardDistributorAbi,
        data,
        functionName: "pushEpoch",
      });
      expect(reverted.data).to.equal(undefined); // viem alone cannot decode it
      const error = decodeRigshareError(
        new ContractFunctionExecutionError(reverted, {
          abi: rewardDistributorAbi,
          functionName: "pushEpoch",
          args: [],
        }),
      );
      expect(error?.name).to.equal("ERC20InsufficientAllowanceError");
      expect(error?.shortMessage).to.equal(`Allowance too low: ${ADDRESS} may spend 0, needs 100`);
    });

    it("turns an unknown selector or a string reason into UnknownRevertError, and leaves other errors alone", function () {
      const unknown = decodeRigshareError(
        new ContractFunctionRevertedError({ abi: rigSharesAbi, data: "0xdeadbeef", functionName: "f" }),
      );
      expect(unknown).to.be.instanceOf(UnknownRevertError);
      expect(unknown?.shortMessage).to.equal("Reverted with unknown data 0xdeadbeef");
      const reason = encodeErrorResult({
        abi: [{ type: "error", name: "Error", inputs: [{ type: "string", name: "message" }] }],
        errorName: "Error",
        args: ["nope"],
      });
      expect(
        decodeRigshareError(new ContractFunctionRevertedError({ abi: rigSharesAbi, data: reason, functionName: "f" }))
          ?.shortMessage,
      ).to.equal("Reverted: nope");
      expect(decodeRigshareError(new Error("plain"))).to.equal(undefined);
    });
  });

  describe("reverts from the chain", function () {
    this.timeout(60_000);

    it("reports pre-flight failures of mint with the contract's own errors, sending nothing", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const before = await blockNumber(p);
      const soldOut = await caught(() => mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 1_001n }));
      expect((soldOut as Error).message).to.equal("Rig 1 sold out: 1000 shares left, 1001 requested");
      const unknown = await caught(() => mint(p.alice, { contracts: p.contracts, rigId: 9n, shares: 1n }));
      expect((unknown as Error).name).to.equal("RigSharesUnknownRigError");
      const zero = await caught(() => mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 0n }));
      expect((zero as Error).message).to.equal("Invalid share amount: 0");
      const poor = await caught(() => mint(p.stranger, { contracts: p.contracts, rigId: p.rigId, shares: 2n }));
      expect(poor).to.be.instanceOf(InsufficientBalanceError);
      expect((poor as Error).message).to.equal(
        `Insufficient balance: ${addr(p.stranger)} holds 0 USDC, needs 200 USDC`,
      );
      const noApprove = await caught(() =>
        mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 2n, approve: false }),
      );
      expect(noApprove).to.be.instanceOf(InsufficientAllowanceError);
      expect(await blockNumber(p)).to.equal(before);
      await setSaleOpen(p.operator, { contracts: p.contracts, rigId: p.rigId, open: false });
      const closed = await caught(() => mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 1n }));
      expect((closed as Error).message).to.equal("The sale of rig 1 is closed");
    });

    it("decodes ERC-20 errors raised inside RigShares.mint when called without the SDK's checks", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const error = await caught(() =>
        send(p.alice, {
          address: p.contracts.rigShares,
          abi: rigSharesAbi,
          functionName: "mint",
          args: [p.rigId, 5n],
          label: "mint",
        }),
      );
      expect((error as Error).name).to.equal("ERC20InsufficientAllowanceError");
      expect((error as Error).message).to.equal(
        `Allowance too low: ${p.contracts.rigShares} may spend 0, needs 500000000`,
      );
    });

    it("decodes position, merge and role errors from simulations", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const a = (await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 10n })).positionId;
      const b = (await mint(p.bob, { contracts: p.contracts, rigId: p.rigId, shares: 10n })).positionId;
      const cases: [() => Promise<unknown>, string, string][] = [
        [
          () => split(p.alice, { contracts: p.contracts, positionId: 1_000_000_000_099n, shares: 1n }),
          "ERC721NonexistentTokenError",
          "Position 1000000000099 does not exist",
        ],
        [
          () => split(p.alice, { contracts: p.contracts, positionId: b, shares: 1n }),
          "ERC721InsufficientApprovalError",
          `${addr(p.alice)} neither owns position ${b} nor is approved for it`,
        ],
        [
          () => split(p.alice, { contracts: p.contracts, positionId: a, shares: 10n }),
          "DistributorInvalidSharesError",
          "Invalid share amount: 10",
        ],
        [
          () => merge(p.alice, { contracts: p.contracts, keptId: a, burnedId: a }),
          "RigSharesCannotMergeError",
          `Positions ${a} and ${a} cannot be merged: they must be two different positions of the same rig and owner`,
        ],
        [
          () => burn(p.bob, { contracts: p.contracts, positionId: a }),
          "ERC721InsufficientApprovalError",
          `${addr(p.bob)} neither owns position ${a} nor is approved for it`,
        ],
        [
          () => transfer(p.alice, { contracts: p.contracts, positionId: a, to: p.contracts.rigShares }),
          "ERC721InvalidReceiverError",
          `${p.contracts.rigShares} cannot receive positions (the zero address, or a contract without onERC721Received)`,
        ],
        [
          () => claim(p.alice, { contracts: p.contracts, positionIds: [77n] }),
          "DistributorUnknownPositionError",
          "Position 77 does not exist",
        ],
        [
          () => setSaleOpen(p.stranger, { contracts: p.contracts, rigId: p.rigId, open: false }),
          "RigSharesNotRigOperatorError",
          `${addr(p.stranger)} is not the operator of rig 1`,
        ],
        [
          () => retireRig(p.operator, { contracts: p.contracts, rigId: 5n }),
          "RigSharesUnknownRigError",
          "Rig 5 does not exist",
        ],
        [
          () => registerRig(p.stranger, { contracts: p.contracts, params: hourlyRigParams(p) }),
          "RigSharesNotOperatorError",
          `${addr(p.stranger)} is not an approved operator (it lacks OPERATOR_ROLE)`,
        ],
        [
          () => registerRig(p.operator, { contracts: p.contracts, params: hourlyRigParams(p, { epochLength: 1_000 }) }),
          "RigSharesInvalidParamsError",
          "Invalid rig parameter: epochLength",
        ],
        [
          () => withdrawProceeds(p.stranger, { contracts: p.contracts, token: p.usdc.address }),
          "RigSharesNothingToWithdrawError",
          "Nothing to withdraw",
        ],
        [
          () =>
            send(p.stranger, {
              address: p.contracts.rigShares,
              abi: rigSharesAbi,
              functionName: "pause",
              args: [],
              label: "pause",
            }),
          "AccessControlUnauthorizedAccountError",
          `${addr(p.stranger)} lacks the PAUSER role`,
        ],
      ];
      const before = await blockNumber(p);
      for (const [action, name, message] of cases) {
        const error = (await caught(action)) as Error;
        expect(error.name, message).to.equal(name);
        expect(error.message).to.equal(message);
      }
      expect(await blockNumber(p)).to.equal(before);
    });

    it("checks epoch pushes before approving anything", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const stream = await p.publicClient.readContract({
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [p.rigId],
      });
      const before = await blockNumber(p);
      const endsAt = (stream.nextEpoch + 1n) * 3_600n;
      const cases: [() => Promise<unknown>, string, string][] = [
        [
          () => pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1n }),
          "DistributorEpochNotEndedError",
          `Epoch ${stream.nextEpoch} of rig 1 has not ended: it can be pushed from ${new Date(Number(endsAt) * 1000).toISOString().replace(".000Z", "Z")}`,
        ],
        [
          () =>
            pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1n, epoch: stream.nextEpoch + 1n }),
          "DistributorEpochOutOfOrderError",
          `Rig 1 expects epoch ${stream.nextEpoch} next, not ${stream.nextEpoch + 1n}`,
        ],
        [
          () => pushEpoch(p.alice, { contracts: p.contracts, rigId: p.rigId, amount: 1n }),
          "DistributorNotRigOperatorError",
          `${addr(p.alice)} is not the operator of rig 1`,
        ],
      ];
      for (const [action, name, message] of cases) {
        const error = (await caught(action)) as Error;
        expect(error.name).to.equal(name);
        expect(error.message).to.equal(message);
      }
      await toEpochEnd(p, stream.nextEpoch, 3_600n);
      const tooMuch = (await caught(() =>
        pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: BTC + 1n }),
      )) as Error;
      expect(tooMuch.message).to.equal("A payout of 100000001 is above the rig's per-epoch cap of 100000000");
      expect(await blockNumber(p)).to.equal(before + 1n); // only the block mined by the time jump
      await send(p.admin, {
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "pause",
        args: [],
        label: "pause",
      });
      const paused = (await caught(() =>
        pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1n }),
      )) as Error;
      expect(paused.name).to.equal("EnforcedPauseError");
      expect(paused.message).to.equal("The contract is paused");
    });

    it("refuses direct pushes once the distributor hands funding to an oracle-backed funder", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      await send(p.admin, {
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "setFunder",
        args: [ADDRESS],
        label: "set funder",
      });
      const stream = await p.publicClient.readContract({
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [p.rigId],
      });
      await toEpochEnd(p, stream.nextEpoch, 3_600n);
      const before = await blockNumber(p);
      const error = (await caught(() =>
        pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1n }),
      )) as Error;
      expect(error.name).to.equal("DistributorReportRequiredError");
      expect(error.message).to.equal(
        "This deployment requires oracle reports: epochs of rig 1 are funded through the epoch funder from a signed report (pushEpochWithReport), not pushed directly",
      );
      expect(await blockNumber(p)).to.equal(before);
    });

    it("keeps viem's error as the cause of a decoded revert", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const error = (await caught(() =>
        split(p.alice, { contracts: p.contracts, positionId: 5n, shares: 1n }),
      )) as Error;
      expect(error.cause).to.be.instanceOf(ContractFunctionExecutionError);
      // The same revert, decoded from raw call data sent outside the SDK.
      const data = encodeFunctionData({ abi: rigSharesAbi, functionName: "split", args: [5n, 1n] });
      const raw = await caught(() =>
        p.publicClient.call({ to: p.contracts.rigShares, data, account: p.alice.account.address }),
      );
      expect(decodeRigshareError(raw)?.name).to.equal("ERC721NonexistentTokenError");
    });
  });
});
