// The slices of the contracts' ABIs the updater calls, as human-readable fragments (viem parses them into
// typed `as const` ABIs). sdk/abis.ts is generated for the core contracts only; test/oracle-service/
// abi.test.ts checks every fragment here against the compiled artifacts, so a changed contract fails a test.
import { parseAbi } from "viem";

import { rigshareErrorsAbi } from "../sdk/abis.js";

const REPORT =
  "struct EpochReport { uint256 rigId; uint256 epoch; uint256 deliveredHashrate; uint256 uptimeBps; uint256 grossReward; uint256 energyWh; }";
const BREAKDOWN =
  "struct Breakdown { uint64 epoch; uint96 gross; uint96 electricity; uint96 serviceFee; uint96 debtIn; uint96 debtOut; uint96 slaRefund; uint96 net; }";

export const hashrateOracleAbi = parseAbi([
  REPORT,
  "function submitReport(EpochReport report, bytes[] signatures) returns (bytes32 reportHash)",
  "function reportDigest(EpochReport report) view returns (bytes32)",
  "function nextReportEpoch(uint256 rigId) view returns (uint256)",
  "function pendingReport(uint256 rigId) view returns (bytes32)",
  "function epochsBehind(uint256 rigId) view returns (uint256)",
  "function isStale(uint256 rigId) view returns (bool)",
  "function grossCap(uint256 rigId, uint256 deliveredHashrate) view returns (uint256 cap)",
  "function isReporter(address account) view returns (bool)",
  "function reporterSet() view returns (uint256 count, uint256 threshold)",
  "function bounds() view returns (uint256 toleranceBps, uint256 luckBps, uint256 staleAfterEpochs)",
  "function consumer() view returns (address)",
  "event ReportAccepted(uint256 indexed rigId, uint256 indexed epoch, bytes32 reportHash, EpochReport report)",
  "event ReportConsumed(uint256 indexed rigId, uint256 indexed epoch)",
  "error OracleNotReporter(address signer)",
  "error OracleSignersNotAscending(address signer, address previous)",
  "error OracleInsufficientSignatures(uint256 valid, uint256 threshold)",
  "error OracleEpochOutOfOrder(uint256 rigId, uint256 expected, uint256 given)",
  "error OracleEpochNotEnded(uint256 rigId, uint256 epoch)",
  "error OracleReportPending(uint256 rigId, uint256 epoch)",
  "error OracleReportOutOfBounds(string field, uint256 value, uint256 limit)",
  "error OracleUnknownRig(uint256 rigId)",
  "error OracleNetworkUnset(address payoutToken)",
  "error OracleReportNotAccepted(uint256 rigId, uint256 epoch)",
  "error OracleOnlyConsumer(address caller)",
  "error OracleInvalidConfig(string what)",
  "error ECDSAInvalidSignature()",
  "error ECDSAInvalidSignatureLength(uint256 length)",
  "error ECDSAInvalidSignatureS(bytes32 s)",
]);

export const epochFunderAbi = parseAbi([
  REPORT,
  BREAKDOWN,
  "function pushEpoch(EpochReport report)",
  "function pushEpochWithReport(EpochReport report, bytes[] signatures)",
  "function previewBreakdown(EpochReport report) view returns (Breakdown)",
  "function lastBreakdown(uint256 rigId) view returns (Breakdown)",
  "event EpochSettled(uint256 indexed rigId, uint256 indexed epoch, Breakdown breakdown)",
  "error FunderNotRigOperator(uint256 rigId, address caller)",
  "error FunderInvalidTerms(string what)",
  "error FunderAlreadyStarted(uint256 rigId)",
  "error FunderBondLocked(uint256 rigId, uint256 available)",
  "error FunderWithdrawalNotReady(uint256 rigId, uint256 readyAt)",
  "error FunderTransferMismatch(uint256 expected, uint256 received)",
  "error FunderNoBackup(uint256 rigId)",
]);

export const rewardDistributorAbi = parseAbi([
  "function epochTerms(uint256 rigId) view returns (address payoutToken, uint256 epochLength, uint256 nextEpoch, uint256 maxEpochPayout)",
  "function funder() view returns (address)",
  "event EpochPushed(uint256 indexed rigId, uint256 indexed epoch, uint256 amount, uint256 rateX18, uint256 periodEnd)",
]);

export const rigSharesAbi = parseAbi([
  "function rigSpec(uint256 rigId) view returns (address operator, uint256 hashrate, uint256 powerWatts)",
]);

export const erc20Abi = parseAbi([
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
]);

/** Every custom error the updater's calls can revert with (oracle, funder, distributor, shares, ERC-20). */
export const updaterErrorsAbi = [
  ...hashrateOracleAbi.filter((i) => i.type === "error"),
  ...epochFunderAbi.filter((i) => i.type === "error"),
  ...rigshareErrorsAbi,
] as const;
