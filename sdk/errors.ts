// Typed errors of the SDK. Every custom error the contracts (and the ERC-20 tokens they call) can revert
// with decodes into its own class with a literal `name` ("RigSharesSoldOutError"), the decoded `args` by
// name and a readable `shortMessage` ("Rig 3 sold out: 20 shares left, 50 requested"). Callers narrow on
// `error.name` (or `instanceof`). The SDK's pre-flight checks throw the same classes, plus the few
// SDK-level errors at the bottom, so a check and a revert read the same.
import {
  type AbiParameterToPrimitiveType,
  type Address,
  type Hex,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  keccak256,
  toHex,
  zeroHash,
} from "viem";

import { rigshareErrorsAbi } from "./abis.js";

type ErrorAbiItem = (typeof rigshareErrorsAbi)[number];
/** Names of every custom error the protocol can revert with. */
export type RigshareErrorName = ErrorAbiItem["name"];
type ErrorItem<N extends RigshareErrorName> = Extract<ErrorAbiItem, { name: N }>;
/** Arguments of error `N`, by name. */
export type RigshareErrorArgs<N extends RigshareErrorName> = {
  [P in ErrorItem<N>["inputs"][number] as P["name"]]: AbiParameterToPrimitiveType<P>;
};

/** Base class of every error the SDK throws: `shortMessage` is one readable line. */
export class RigshareError extends Error {
  override name = "RigshareError";
  readonly shortMessage: string;
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
  }
}

// ───────────────────────────────── revert messages ─────────────────────────────────

const ROLES: Record<Hex, string> = {
  [zeroHash]: "DEFAULT_ADMIN",
  [keccak256(toHex("OPERATOR_ROLE"))]: "OPERATOR",
  [keccak256(toHex("PAUSER_ROLE"))]: "PAUSER",
  [keccak256(toHex("ECONOMICS_ROLE"))]: "ECONOMICS",
  [keccak256(toHex("NETWORK_ROLE"))]: "NETWORK",
};
const role = (hash: Hex) => ROLES[hash] ?? hash;
const when = (seconds: bigint | number) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
const feeOnTransfer = "(fee-on-transfer tokens are not supported)";

/** One readable line per error. Exhaustive: a new error in the ABI without a message fails the type check. */
const MESSAGES: { [N in RigshareErrorName]: (a: RigshareErrorArgs<N>) => string } = {
  // RigShares
  RigSharesCannotMerge: (a) =>
    `Positions ${a.positionA} and ${a.positionB} cannot be merged: they must be two different positions of the same rig and owner`,
  RigSharesDistributorAlreadySet: () => "The reward distributor is already set",
  RigSharesFeeTooHigh: (a) => `A protocol fee of ${a.feeBps} bps is above the 1000 bps maximum`,
  RigSharesInvalidParams: (a) => `Invalid rig parameter: ${a.reason}`,
  RigSharesInvalidRental: (a) =>
    `Invalid rental: the renter ${a.user} must be an account and the end ${a.expires} (${when(a.expires)}) in the future`,
  RigSharesInvalidShares: (a) => `Invalid share amount: ${a.shares}`,
  RigSharesNotOperator: (a) => `${a.account} is not an approved operator (it lacks OPERATOR_ROLE)`,
  RigSharesNotRigOperator: (a) => `${a.account} is not the operator of rig ${a.rigId}`,
  RigSharesNothingToWithdraw: () => "Nothing to withdraw",
  RigSharesPaymentMismatch: (a) =>
    `The payment token delivered ${a.received} instead of ${a.expected} ${feeOnTransfer}`,
  RigSharesSaleClosed: (a) => `The sale of rig ${a.rigId} is closed`,
  RigSharesSoldOut: (a) => `Rig ${a.rigId} sold out: ${a.available} shares left, ${a.requested} requested`,
  RigSharesUnknownRig: (a) => `Rig ${a.rigId} does not exist`,
  RigSharesZeroAddress: () => "The zero address was given where an account is required",
  // RewardDistributor
  DistributorEpochNotEnded: (a) =>
    `Epoch ${a.epoch} of rig ${a.rigId} has not ended: it can be pushed from ${when(a.endsAt)}`,
  DistributorFunderAlreadySet: () => "The epoch funder is already set",
  DistributorOnlyFunder: (a) => `Only the epoch funder may fund epochs, not ${a.caller}`,
  DistributorReportRequired: (a) =>
    `This deployment requires oracle reports: epochs of rig ${a.rigId} are funded through the epoch funder from a signed report (pushEpochWithReport), not pushed directly`,
  DistributorUnfunded: (a) =>
    `The funder declared ${a.amount} but the distributor holds only ${a.available} above its liabilities`,
  DistributorEpochOutOfOrder: (a) => `Rig ${a.rigId} expects epoch ${a.expected} next, not ${a.given}`,
  DistributorFundingOverflow: (a) => `Funding rig ${a.rigId} further would overflow its reward accumulator`,
  DistributorInvalidAmount: (a) => `A payout of ${a.amount} is above the rig's per-epoch cap of ${a.maxAmount}`,
  DistributorInvalidShares: (a) => `Invalid share amount: ${a.shares}`,
  DistributorPositionRented: (a) =>
    `Position ${a.positionId} is rented out until ${when(a.expires)}: it cannot change hands, be split, merged or burned before then`,
  DistributorNoExcess: (a) => `The distributor holds no ${a.token} above what it owes`,
  DistributorNotRigOperator: (a) => `${a.caller} is not the operator of rig ${a.rigId}`,
  DistributorOnlyShareToken: (a) => `Only the share token may call this hook, not ${a.caller}`,
  DistributorTransferMismatch: (a) =>
    `The payout token delivered ${a.received} instead of ${a.expected} ${feeOnTransfer}`,
  DistributorUnknownPosition: (a) => `Position ${a.positionId} does not exist`,
  DistributorUnknownRig: (a) => `Rig ${a.rigId} is unknown to the distributor`,
  DistributorZeroAddress: () => "The zero address was given where an account is required",
  // HashrateOracle
  OracleEpochNotEnded: (a) => `Epoch ${a.epoch} of rig ${a.rigId} has not ended yet: it cannot be reported`,
  OracleEpochOutOfOrder: (a) =>
    `Rig ${a.rigId} expects a report for epoch ${a.expected} next, not epoch ${a.given} (reports go in order)`,
  OracleInsufficientSignatures: (a) =>
    `Only ${a.valid} reporter signature${a.valid === 1n ? "" : "s"} given: the oracle needs ${a.threshold}`,
  OracleInvalidConfig: (a) => `Invalid oracle setting: ${a.what}`,
  OracleNetworkUnset: (a) =>
    `The oracle has no network parameters (difficulty, block reward) for token ${a.payoutToken}`,
  OracleNotReporter: (a) => `${a.signer} signed the report but is not a reporter of the oracle`,
  OracleOnlyConsumer: (a) => `Only the epoch funder may consume reports, not ${a.caller}`,
  OracleReportNotAccepted: (a) =>
    `The oracle has not accepted this report for epoch ${a.epoch} of rig ${a.rigId} (submit it with its signatures first, or push it with them)`,
  OracleReportOutOfBounds: (a) => `Report out of bounds: ${a.field} is ${a.value}, above its limit of ${a.limit}`,
  OracleReportPending: (a) =>
    `A report for epoch ${a.epoch} of rig ${a.rigId} was already accepted and waits to be pushed`,
  OracleSignersNotAscending: (a) =>
    `Signatures must be ordered by ascending signer address without duplicates: ${a.signer} came after ${a.previous}`,
  OracleUnknownRig: (a) => `Rig ${a.rigId} is unknown to the oracle`,
  // EpochFunder
  FunderAlreadyStarted: (a) =>
    `Rig ${a.rigId} has sold shares or pushed an epoch: its terms change only through proposeTerms (with a delay)`,
  FunderBondLocked: (a) =>
    a.available === 0n
      ? `The bond of rig ${a.rigId} is locked: nothing is above the required bond (0 withdrawable)`
      : `The bond of rig ${a.rigId} is locked beyond ${a.available}: only that much is above the required bond`,
  FunderInvalidTerms: (a) => `Invalid rig terms: ${a.what}`,
  FunderNoBackup: (a) => `Rig ${a.rigId} has declared no backup capacity (declare one first)`,
  FunderNotYetUnfunded: (a) =>
    `Epoch ${a.epoch} of rig ${a.rigId} can be pushed from the operator's bond only from ${new Date(Number(a.pushableAt) * 1000).toISOString()} (the operator may still fund it until then)`,
  FunderTariffAboveCeiling: (a) =>
    a.ceiling === 0n
      ? `No tariff ceiling is set for this rig's payout token yet, so its tariff must be 0 (asked ${a.tariffPerKWh} per kWh; the admin sets one with setMaxTariff)`
      : `Tariff ${a.tariffPerKWh} per kWh is above the ceiling of ${a.ceiling} per kWh for this rig's payout token`,
  FunderNotRigOperator: (a) => `${a.caller} is not the operator of rig ${a.rigId}`,
  FunderTransferMismatch: (a) => `The payout token delivered ${a.received} instead of ${a.expected} ${feeOnTransfer}`,
  FunderWithdrawalNotReady: (a) =>
    a.readyAt === 0n
      ? `No bond withdrawal was requested for rig ${a.rigId} (request one first)`
      : `The bond withdrawal of rig ${a.rigId} is not ready: it can be executed from ${when(a.readyAt)}`,
  FunderUnknownRig: (a) => `Rig ${a.rigId} does not exist: the epoch funder knows no such rig`,
  // ShareMarket
  MarketNotOwner: (a) => `${a.account} does not own position ${a.positionId}`,
  MarketNotApproved: (a) =>
    `The market is not approved for the positions of ${a.owner} (approve it with setApprovalForAll first)`,
  MarketNoListing: (a) => `Position ${a.positionId} has no valid listing (never listed, cancelled or sold)`,
  MarketExpired: (a) => `The order expired at ${when(a.expiry)}`,
  MarketPositionChanged: (a) =>
    `Position ${a.positionId} changed since it was listed (it moved, was split, merged or re-listed): the listing is stale`,
  MarketPriceMoved: (a) => `The price per share is ${a.price}, beyond your limit of ${a.limit}`,
  MarketInvalidShares: (a) =>
    a.shares === 0n
      ? `Zero shares requested (${a.available} available)`
      : `${a.shares} shares requested: out of range (${a.available} available, or below the minimum fill)`,
  MarketRoyaltyAbovePrice: (a) => `The royalty ${a.royalty} is above the sale price ${a.price}`,
  MarketInvalidSignature: () => "The order's signature does not match its signer",
  MarketOrderCancelled: (a) => `The order ${a.orderHash} was cancelled (or its signer's counter moved on)`,
  MarketWrongRig: (a) => `Position ${a.positionId} is not a position of rig ${a.rigId}, which the offer is for`,
  MarketInvalidDays: (a) => `A rental of ${a.days_} days is outside the listing's ${a.minDays} to ${a.maxDays} days`,
  MarketPaymentMismatch: (a) => `The payment token delivered ${a.received} instead of ${a.expected} ${feeOnTransfer}`,
  MarketInvalidParams: (a) => `Invalid market parameter: ${a.what}`,
  MarketNothingToWithdraw: () => "Nothing to withdraw from the market",
  MarketSelfTrade: (a) => `${a.account} cannot buy from itself`,
  // OpenZeppelin: signatures and EIP-712
  ECDSAInvalidSignature: () => "A report signature is invalid (it recovers to no address)",
  ECDSAInvalidSignatureLength: (a) => `A report signature is ${a.length} bytes long: it must be 65`,
  ECDSAInvalidSignatureS: (a) =>
    `A report signature is malleable (its s value ${a.s} is in the upper half): sign again with a low-s signer`,
  InvalidShortString: () => "Invalid short string",
  StringTooLong: (a) => `The string "${a.str}" is too long`,
  // OpenZeppelin: access control
  AccessControlBadConfirmation: () => "Only the account itself can renounce its role",
  AccessControlEnforcedDefaultAdminDelay: (a) => `The admin transfer can complete only after ${when(a.schedule)}`,
  AccessControlEnforcedDefaultAdminRules: () => "The admin role moves only through the two-step admin transfer",
  AccessControlInvalidDefaultAdmin: (a) => `${a.defaultAdmin} is not the pending admin`,
  AccessControlUnauthorizedAccount: (a) => `${a.account} lacks the ${role(a.neededRole)} role`,
  // OpenZeppelin: ERC-721
  ERC721IncorrectOwner: (a) => `Position ${a.tokenId} belongs to ${a.owner}, not ${a.sender}`,
  ERC721InsufficientApproval: (a) => `${a.operator} neither owns position ${a.tokenId} nor is approved for it`,
  ERC721InvalidApprover: (a) => `${a.approver} cannot approve`,
  ERC721InvalidOperator: (a) => `${a.operator} cannot be an operator`,
  ERC721InvalidOwner: (a) => `${a.owner} cannot own positions`,
  ERC721InvalidReceiver: (a) =>
    `${a.receiver} cannot receive positions (the zero address, or a contract without onERC721Received)`,
  ERC721InvalidSender: (a) => `${a.sender} cannot send positions`,
  ERC721NonexistentToken: (a) => `Position ${a.tokenId} does not exist`,
  // OpenZeppelin: ERC-20 (reverts of the payment and payout tokens)
  ERC20InsufficientAllowance: (a) => `Allowance too low: ${a.spender} may spend ${a.allowance}, needs ${a.needed}`,
  ERC20InsufficientBalance: (a) => `Balance too low: ${a.sender} holds ${a.balance}, needs ${a.needed}`,
  ERC20InvalidApprover: (a) => `${a.approver} cannot approve`,
  ERC20InvalidReceiver: (a) => `${a.receiver} cannot receive tokens`,
  ERC20InvalidSender: (a) => `${a.sender} cannot send tokens`,
  ERC20InvalidSpender: (a) => `${a.spender} cannot be a spender`,
  // OpenZeppelin: utilities
  EnforcedPause: () => "The contract is paused",
  ExpectedPause: () => "The contract is not paused",
  ReentrancyGuardReentrantCall: () => "Re-entrant call rejected",
  SafeCastOverflowedUintDowncast: (a) => `${a.value} does not fit in uint${a.bits}`,
  SafeERC20FailedOperation: (a) => `The token ${a.token} rejected the transfer`,
};

/** A custom error the contracts reverted with (or that a pre-flight check predicted). */
export class ContractRevertError<N extends RigshareErrorName = RigshareErrorName> extends RigshareError {
  declare readonly name: `${N}Error`;
  readonly errorName: N;
  readonly args: RigshareErrorArgs<N>;
  constructor(errorName: N, args: RigshareErrorArgs<N>, options: { cause?: unknown } = {}) {
    super((MESSAGES[errorName] as (a: RigshareErrorArgs<N>) => string)(args), options);
    this.name = `${errorName}Error` as `${N}Error`;
    this.errorName = errorName;
    this.args = args;
  }
}

/** Any decoded revert: a discriminated union on `name`, so `if (e.name === "RigSharesSoldOutError") e.args.available`. */
export type RigshareRevertErrorType = { [N in RigshareErrorName]: ContractRevertError<N> }[RigshareErrorName];

function revertClass<const N extends RigshareErrorName>(errorName: N) {
  return class extends ContractRevertError<N> {
    constructor(args: RigshareErrorArgs<N>, options: { cause?: unknown } = {}) {
      super(errorName, args, options);
    }
  };
}

export const RigSharesCannotMergeError = revertClass("RigSharesCannotMerge");
export type RigSharesCannotMergeError = InstanceType<typeof RigSharesCannotMergeError>;
export const RigSharesDistributorAlreadySetError = revertClass("RigSharesDistributorAlreadySet");
export type RigSharesDistributorAlreadySetError = InstanceType<typeof RigSharesDistributorAlreadySetError>;
export const RigSharesFeeTooHighError = revertClass("RigSharesFeeTooHigh");
export type RigSharesFeeTooHighError = InstanceType<typeof RigSharesFeeTooHighError>;
export const RigSharesInvalidParamsError = revertClass("RigSharesInvalidParams");
export type RigSharesInvalidParamsError = InstanceType<typeof RigSharesInvalidParamsError>;
export const RigSharesInvalidRentalError = revertClass("RigSharesInvalidRental");
export type RigSharesInvalidRentalError = InstanceType<typeof RigSharesInvalidRentalError>;
export const RigSharesInvalidSharesError = revertClass("RigSharesInvalidShares");
export type RigSharesInvalidSharesError = InstanceType<typeof RigSharesInvalidSharesError>;
export const RigSharesNotOperatorError = revertClass("RigSharesNotOperator");
export type RigSharesNotOperatorError = InstanceType<typeof RigSharesNotOperatorError>;
export const RigSharesNotRigOperatorError = revertClass("RigSharesNotRigOperator");
export type RigSharesNotRigOperatorError = InstanceType<typeof RigSharesNotRigOperatorError>;
export const RigSharesNothingToWithdrawError = revertClass("RigSharesNothingToWithdraw");
export type RigSharesNothingToWithdrawError = InstanceType<typeof RigSharesNothingToWithdrawError>;
export const RigSharesPaymentMismatchError = revertClass("RigSharesPaymentMismatch");
export type RigSharesPaymentMismatchError = InstanceType<typeof RigSharesPaymentMismatchError>;
export const RigSharesSaleClosedError = revertClass("RigSharesSaleClosed");
export type RigSharesSaleClosedError = InstanceType<typeof RigSharesSaleClosedError>;
export const RigSharesSoldOutError = revertClass("RigSharesSoldOut");
export type RigSharesSoldOutError = InstanceType<typeof RigSharesSoldOutError>;
export const RigSharesUnknownRigError = revertClass("RigSharesUnknownRig");
export type RigSharesUnknownRigError = InstanceType<typeof RigSharesUnknownRigError>;
export const RigSharesZeroAddressError = revertClass("RigSharesZeroAddress");
export type RigSharesZeroAddressError = InstanceType<typeof RigSharesZeroAddressError>;
export const DistributorEpochNotEndedError = revertClass("DistributorEpochNotEnded");
export type DistributorEpochNotEndedError = InstanceType<typeof DistributorEpochNotEndedError>;
export const DistributorEpochOutOfOrderError = revertClass("DistributorEpochOutOfOrder");
export type DistributorEpochOutOfOrderError = InstanceType<typeof DistributorEpochOutOfOrderError>;
export const DistributorFunderAlreadySetError = revertClass("DistributorFunderAlreadySet");
export type DistributorFunderAlreadySetError = InstanceType<typeof DistributorFunderAlreadySetError>;
export const DistributorOnlyFunderError = revertClass("DistributorOnlyFunder");
export type DistributorOnlyFunderError = InstanceType<typeof DistributorOnlyFunderError>;
export const DistributorReportRequiredError = revertClass("DistributorReportRequired");
export type DistributorReportRequiredError = InstanceType<typeof DistributorReportRequiredError>;
export const DistributorUnfundedError = revertClass("DistributorUnfunded");
export type DistributorUnfundedError = InstanceType<typeof DistributorUnfundedError>;
export const DistributorFundingOverflowError = revertClass("DistributorFundingOverflow");
export type DistributorFundingOverflowError = InstanceType<typeof DistributorFundingOverflowError>;
export const DistributorInvalidAmountError = revertClass("DistributorInvalidAmount");
export type DistributorInvalidAmountError = InstanceType<typeof DistributorInvalidAmountError>;
export const DistributorInvalidSharesError = revertClass("DistributorInvalidShares");
export type DistributorInvalidSharesError = InstanceType<typeof DistributorInvalidSharesError>;
export const DistributorPositionRentedError = revertClass("DistributorPositionRented");
export type DistributorPositionRentedError = InstanceType<typeof DistributorPositionRentedError>;
export const DistributorNoExcessError = revertClass("DistributorNoExcess");
export type DistributorNoExcessError = InstanceType<typeof DistributorNoExcessError>;
export const DistributorNotRigOperatorError = revertClass("DistributorNotRigOperator");
export type DistributorNotRigOperatorError = InstanceType<typeof DistributorNotRigOperatorError>;
export const DistributorOnlyShareTokenError = revertClass("DistributorOnlyShareToken");
export type DistributorOnlyShareTokenError = InstanceType<typeof DistributorOnlyShareTokenError>;
export const DistributorTransferMismatchError = revertClass("DistributorTransferMismatch");
export type DistributorTransferMismatchError = InstanceType<typeof DistributorTransferMismatchError>;
export const DistributorUnknownPositionError = revertClass("DistributorUnknownPosition");
export type DistributorUnknownPositionError = InstanceType<typeof DistributorUnknownPositionError>;
export const DistributorUnknownRigError = revertClass("DistributorUnknownRig");
export type DistributorUnknownRigError = InstanceType<typeof DistributorUnknownRigError>;
export const DistributorZeroAddressError = revertClass("DistributorZeroAddress");
export type DistributorZeroAddressError = InstanceType<typeof DistributorZeroAddressError>;
export const OracleEpochNotEndedError = revertClass("OracleEpochNotEnded");
export type OracleEpochNotEndedError = InstanceType<typeof OracleEpochNotEndedError>;
export const OracleEpochOutOfOrderError = revertClass("OracleEpochOutOfOrder");
export type OracleEpochOutOfOrderError = InstanceType<typeof OracleEpochOutOfOrderError>;
export const OracleInsufficientSignaturesError = revertClass("OracleInsufficientSignatures");
export type OracleInsufficientSignaturesError = InstanceType<typeof OracleInsufficientSignaturesError>;
export const OracleInvalidConfigError = revertClass("OracleInvalidConfig");
export type OracleInvalidConfigError = InstanceType<typeof OracleInvalidConfigError>;
export const OracleNetworkUnsetError = revertClass("OracleNetworkUnset");
export type OracleNetworkUnsetError = InstanceType<typeof OracleNetworkUnsetError>;
export const OracleNotReporterError = revertClass("OracleNotReporter");
export type OracleNotReporterError = InstanceType<typeof OracleNotReporterError>;
export const OracleOnlyConsumerError = revertClass("OracleOnlyConsumer");
export type OracleOnlyConsumerError = InstanceType<typeof OracleOnlyConsumerError>;
export const OracleReportNotAcceptedError = revertClass("OracleReportNotAccepted");
export type OracleReportNotAcceptedError = InstanceType<typeof OracleReportNotAcceptedError>;
export const OracleReportOutOfBoundsError = revertClass("OracleReportOutOfBounds");
export type OracleReportOutOfBoundsError = InstanceType<typeof OracleReportOutOfBoundsError>;
export const OracleReportPendingError = revertClass("OracleReportPending");
export type OracleReportPendingError = InstanceType<typeof OracleReportPendingError>;
export const OracleSignersNotAscendingError = revertClass("OracleSignersNotAscending");
export type OracleSignersNotAscendingError = InstanceType<typeof OracleSignersNotAscendingError>;
export const OracleUnknownRigError = revertClass("OracleUnknownRig");
export type OracleUnknownRigError = InstanceType<typeof OracleUnknownRigError>;
export const FunderAlreadyStartedError = revertClass("FunderAlreadyStarted");
export type FunderAlreadyStartedError = InstanceType<typeof FunderAlreadyStartedError>;
export const FunderBondLockedError = revertClass("FunderBondLocked");
export type FunderBondLockedError = InstanceType<typeof FunderBondLockedError>;
export const FunderInvalidTermsError = revertClass("FunderInvalidTerms");
export type FunderInvalidTermsError = InstanceType<typeof FunderInvalidTermsError>;
export const FunderNoBackupError = revertClass("FunderNoBackup");
export type FunderNoBackupError = InstanceType<typeof FunderNoBackupError>;
export const FunderNotYetUnfundedError = revertClass("FunderNotYetUnfunded");
export type FunderNotYetUnfundedError = InstanceType<typeof FunderNotYetUnfundedError>;
export const FunderTariffAboveCeilingError = revertClass("FunderTariffAboveCeiling");
export type FunderTariffAboveCeilingError = InstanceType<typeof FunderTariffAboveCeilingError>;
export const FunderNotRigOperatorError = revertClass("FunderNotRigOperator");
export type FunderNotRigOperatorError = InstanceType<typeof FunderNotRigOperatorError>;
export const FunderTransferMismatchError = revertClass("FunderTransferMismatch");
export type FunderTransferMismatchError = InstanceType<typeof FunderTransferMismatchError>;
export const FunderWithdrawalNotReadyError = revertClass("FunderWithdrawalNotReady");
export type FunderWithdrawalNotReadyError = InstanceType<typeof FunderWithdrawalNotReadyError>;
export const FunderUnknownRigError = revertClass("FunderUnknownRig");
export type FunderUnknownRigError = InstanceType<typeof FunderUnknownRigError>;
export const MarketNotOwnerError = revertClass("MarketNotOwner");
export type MarketNotOwnerError = InstanceType<typeof MarketNotOwnerError>;
export const MarketNotApprovedError = revertClass("MarketNotApproved");
export type MarketNotApprovedError = InstanceType<typeof MarketNotApprovedError>;
export const MarketNoListingError = revertClass("MarketNoListing");
export type MarketNoListingError = InstanceType<typeof MarketNoListingError>;
export const MarketExpiredError = revertClass("MarketExpired");
export type MarketExpiredError = InstanceType<typeof MarketExpiredError>;
export const MarketPositionChangedError = revertClass("MarketPositionChanged");
export type MarketPositionChangedError = InstanceType<typeof MarketPositionChangedError>;
export const MarketPriceMovedError = revertClass("MarketPriceMoved");
export type MarketPriceMovedError = InstanceType<typeof MarketPriceMovedError>;
export const MarketInvalidSharesError = revertClass("MarketInvalidShares");
export type MarketInvalidSharesError = InstanceType<typeof MarketInvalidSharesError>;
export const MarketRoyaltyAbovePriceError = revertClass("MarketRoyaltyAbovePrice");
export type MarketRoyaltyAbovePriceError = InstanceType<typeof MarketRoyaltyAbovePriceError>;
export const MarketInvalidSignatureError = revertClass("MarketInvalidSignature");
export type MarketInvalidSignatureError = InstanceType<typeof MarketInvalidSignatureError>;
export const MarketOrderCancelledError = revertClass("MarketOrderCancelled");
export type MarketOrderCancelledError = InstanceType<typeof MarketOrderCancelledError>;
export const MarketWrongRigError = revertClass("MarketWrongRig");
export type MarketWrongRigError = InstanceType<typeof MarketWrongRigError>;
export const MarketInvalidDaysError = revertClass("MarketInvalidDays");
export type MarketInvalidDaysError = InstanceType<typeof MarketInvalidDaysError>;
export const MarketPaymentMismatchError = revertClass("MarketPaymentMismatch");
export type MarketPaymentMismatchError = InstanceType<typeof MarketPaymentMismatchError>;
export const MarketInvalidParamsError = revertClass("MarketInvalidParams");
export type MarketInvalidParamsError = InstanceType<typeof MarketInvalidParamsError>;
export const MarketNothingToWithdrawError = revertClass("MarketNothingToWithdraw");
export type MarketNothingToWithdrawError = InstanceType<typeof MarketNothingToWithdrawError>;
export const MarketSelfTradeError = revertClass("MarketSelfTrade");
export type MarketSelfTradeError = InstanceType<typeof MarketSelfTradeError>;
export const ECDSAInvalidSignatureError = revertClass("ECDSAInvalidSignature");
export type ECDSAInvalidSignatureError = InstanceType<typeof ECDSAInvalidSignatureError>;
export const ECDSAInvalidSignatureLengthError = revertClass("ECDSAInvalidSignatureLength");
export type ECDSAInvalidSignatureLengthError = InstanceType<typeof ECDSAInvalidSignatureLengthError>;
export const ECDSAInvalidSignatureSError = revertClass("ECDSAInvalidSignatureS");
export type ECDSAInvalidSignatureSError = InstanceType<typeof ECDSAInvalidSignatureSError>;
export const InvalidShortStringError = revertClass("InvalidShortString");
export type InvalidShortStringError = InstanceType<typeof InvalidShortStringError>;
export const StringTooLongError = revertClass("StringTooLong");
export type StringTooLongError = InstanceType<typeof StringTooLongError>;
export const AccessControlBadConfirmationError = revertClass("AccessControlBadConfirmation");
export type AccessControlBadConfirmationError = InstanceType<typeof AccessControlBadConfirmationError>;
export const AccessControlEnforcedDefaultAdminDelayError = revertClass("AccessControlEnforcedDefaultAdminDelay");
export type AccessControlEnforcedDefaultAdminDelayError = InstanceType<
  typeof AccessControlEnforcedDefaultAdminDelayError
>;
export const AccessControlEnforcedDefaultAdminRulesError = revertClass("AccessControlEnforcedDefaultAdminRules");
export type AccessControlEnforcedDefaultAdminRulesError = InstanceType<
  typeof AccessControlEnforcedDefaultAdminRulesError
>;
export const AccessControlInvalidDefaultAdminError = revertClass("AccessControlInvalidDefaultAdmin");
export type AccessControlInvalidDefaultAdminError = InstanceType<typeof AccessControlInvalidDefaultAdminError>;
export const AccessControlUnauthorizedAccountError = revertClass("AccessControlUnauthorizedAccount");
export type AccessControlUnauthorizedAccountError = InstanceType<typeof AccessControlUnauthorizedAccountError>;
export const ERC721IncorrectOwnerError = revertClass("ERC721IncorrectOwner");
export type ERC721IncorrectOwnerError = InstanceType<typeof ERC721IncorrectOwnerError>;
export const ERC721InsufficientApprovalError = revertClass("ERC721InsufficientApproval");
export type ERC721InsufficientApprovalError = InstanceType<typeof ERC721InsufficientApprovalError>;
export const ERC721InvalidApproverError = revertClass("ERC721InvalidApprover");
export type ERC721InvalidApproverError = InstanceType<typeof ERC721InvalidApproverError>;
export const ERC721InvalidOperatorError = revertClass("ERC721InvalidOperator");
export type ERC721InvalidOperatorError = InstanceType<typeof ERC721InvalidOperatorError>;
export const ERC721InvalidOwnerError = revertClass("ERC721InvalidOwner");
export type ERC721InvalidOwnerError = InstanceType<typeof ERC721InvalidOwnerError>;
export const ERC721InvalidReceiverError = revertClass("ERC721InvalidReceiver");
export type ERC721InvalidReceiverError = InstanceType<typeof ERC721InvalidReceiverError>;
export const ERC721InvalidSenderError = revertClass("ERC721InvalidSender");
export type ERC721InvalidSenderError = InstanceType<typeof ERC721InvalidSenderError>;
export const ERC721NonexistentTokenError = revertClass("ERC721NonexistentToken");
export type ERC721NonexistentTokenError = InstanceType<typeof ERC721NonexistentTokenError>;
export const ERC20InsufficientAllowanceError = revertClass("ERC20InsufficientAllowance");
export type ERC20InsufficientAllowanceError = InstanceType<typeof ERC20InsufficientAllowanceError>;
export const ERC20InsufficientBalanceError = revertClass("ERC20InsufficientBalance");
export type ERC20InsufficientBalanceError = InstanceType<typeof ERC20InsufficientBalanceError>;
export const ERC20InvalidApproverError = revertClass("ERC20InvalidApprover");
export type ERC20InvalidApproverError = InstanceType<typeof ERC20InvalidApproverError>;
export const ERC20InvalidReceiverError = revertClass("ERC20InvalidReceiver");
export type ERC20InvalidReceiverError = InstanceType<typeof ERC20InvalidReceiverError>;
export const ERC20InvalidSenderError = revertClass("ERC20InvalidSender");
export type ERC20InvalidSenderError = InstanceType<typeof ERC20InvalidSenderError>;
export const ERC20InvalidSpenderError = revertClass("ERC20InvalidSpender");
export type ERC20InvalidSpenderError = InstanceType<typeof ERC20InvalidSpenderError>;
export const EnforcedPauseError = revertClass("EnforcedPause");
export type EnforcedPauseError = InstanceType<typeof EnforcedPauseError>;
export const ExpectedPauseError = revertClass("ExpectedPause");
export type ExpectedPauseError = InstanceType<typeof ExpectedPauseError>;
export const ReentrancyGuardReentrantCallError = revertClass("ReentrancyGuardReentrantCall");
export type ReentrancyGuardReentrantCallError = InstanceType<typeof ReentrancyGuardReentrantCallError>;
export const SafeCastOverflowedUintDowncastError = revertClass("SafeCastOverflowedUintDowncast");
export type SafeCastOverflowedUintDowncastError = InstanceType<typeof SafeCastOverflowedUintDowncastError>;
export const SafeERC20FailedOperationError = revertClass("SafeERC20FailedOperation");
export type SafeERC20FailedOperationError = InstanceType<typeof SafeERC20FailedOperationError>;

/** The class of each error, by error name (what `decodeRigshareError` instantiates). */
export const revertErrorClasses: {
  [N in RigshareErrorName]: new (args: RigshareErrorArgs<N>, options?: { cause?: unknown }) => ContractRevertError<N>;
} = {
  RigSharesCannotMerge: RigSharesCannotMergeError,
  RigSharesDistributorAlreadySet: RigSharesDistributorAlreadySetError,
  RigSharesFeeTooHigh: RigSharesFeeTooHighError,
  RigSharesInvalidParams: RigSharesInvalidParamsError,
  RigSharesInvalidRental: RigSharesInvalidRentalError,
  RigSharesInvalidShares: RigSharesInvalidSharesError,
  RigSharesNotOperator: RigSharesNotOperatorError,
  RigSharesNotRigOperator: RigSharesNotRigOperatorError,
  RigSharesNothingToWithdraw: RigSharesNothingToWithdrawError,
  RigSharesPaymentMismatch: RigSharesPaymentMismatchError,
  RigSharesSaleClosed: RigSharesSaleClosedError,
  RigSharesSoldOut: RigSharesSoldOutError,
  RigSharesUnknownRig: RigSharesUnknownRigError,
  RigSharesZeroAddress: RigSharesZeroAddressError,
  DistributorEpochNotEnded: DistributorEpochNotEndedError,
  DistributorEpochOutOfOrder: DistributorEpochOutOfOrderError,
  DistributorFundingOverflow: DistributorFundingOverflowError,
  DistributorFunderAlreadySet: DistributorFunderAlreadySetError,
  DistributorOnlyFunder: DistributorOnlyFunderError,
  DistributorReportRequired: DistributorReportRequiredError,
  DistributorUnfunded: DistributorUnfundedError,
  DistributorInvalidAmount: DistributorInvalidAmountError,
  DistributorInvalidShares: DistributorInvalidSharesError,
  DistributorPositionRented: DistributorPositionRentedError,
  DistributorNoExcess: DistributorNoExcessError,
  DistributorNotRigOperator: DistributorNotRigOperatorError,
  DistributorOnlyShareToken: DistributorOnlyShareTokenError,
  DistributorTransferMismatch: DistributorTransferMismatchError,
  DistributorUnknownPosition: DistributorUnknownPositionError,
  DistributorUnknownRig: DistributorUnknownRigError,
  DistributorZeroAddress: DistributorZeroAddressError,
  OracleEpochNotEnded: OracleEpochNotEndedError,
  OracleEpochOutOfOrder: OracleEpochOutOfOrderError,
  OracleInsufficientSignatures: OracleInsufficientSignaturesError,
  OracleInvalidConfig: OracleInvalidConfigError,
  OracleNetworkUnset: OracleNetworkUnsetError,
  OracleNotReporter: OracleNotReporterError,
  OracleOnlyConsumer: OracleOnlyConsumerError,
  OracleReportNotAccepted: OracleReportNotAcceptedError,
  OracleReportOutOfBounds: OracleReportOutOfBoundsError,
  OracleReportPending: OracleReportPendingError,
  OracleSignersNotAscending: OracleSignersNotAscendingError,
  OracleUnknownRig: OracleUnknownRigError,
  FunderAlreadyStarted: FunderAlreadyStartedError,
  FunderBondLocked: FunderBondLockedError,
  FunderInvalidTerms: FunderInvalidTermsError,
  FunderNoBackup: FunderNoBackupError,
  FunderNotYetUnfunded: FunderNotYetUnfundedError,
  FunderTariffAboveCeiling: FunderTariffAboveCeilingError,
  FunderNotRigOperator: FunderNotRigOperatorError,
  FunderTransferMismatch: FunderTransferMismatchError,
  FunderWithdrawalNotReady: FunderWithdrawalNotReadyError,
  FunderUnknownRig: FunderUnknownRigError,
  MarketNotOwner: MarketNotOwnerError,
  MarketNotApproved: MarketNotApprovedError,
  MarketNoListing: MarketNoListingError,
  MarketExpired: MarketExpiredError,
  MarketPositionChanged: MarketPositionChangedError,
  MarketPriceMoved: MarketPriceMovedError,
  MarketInvalidShares: MarketInvalidSharesError,
  MarketRoyaltyAbovePrice: MarketRoyaltyAbovePriceError,
  MarketInvalidSignature: MarketInvalidSignatureError,
  MarketOrderCancelled: MarketOrderCancelledError,
  MarketWrongRig: MarketWrongRigError,
  MarketInvalidDays: MarketInvalidDaysError,
  MarketPaymentMismatch: MarketPaymentMismatchError,
  MarketInvalidParams: MarketInvalidParamsError,
  MarketNothingToWithdraw: MarketNothingToWithdrawError,
  MarketSelfTrade: MarketSelfTradeError,
  ECDSAInvalidSignature: ECDSAInvalidSignatureError,
  ECDSAInvalidSignatureLength: ECDSAInvalidSignatureLengthError,
  ECDSAInvalidSignatureS: ECDSAInvalidSignatureSError,
  InvalidShortString: InvalidShortStringError,
  StringTooLong: StringTooLongError,
  AccessControlBadConfirmation: AccessControlBadConfirmationError,
  AccessControlEnforcedDefaultAdminDelay: AccessControlEnforcedDefaultAdminDelayError,
  AccessControlEnforcedDefaultAdminRules: AccessControlEnforcedDefaultAdminRulesError,
  AccessControlInvalidDefaultAdmin: AccessControlInvalidDefaultAdminError,
  AccessControlUnauthorizedAccount: AccessControlUnauthorizedAccountError,
  ERC721IncorrectOwner: ERC721IncorrectOwnerError,
  ERC721InsufficientApproval: ERC721InsufficientApprovalError,
  ERC721InvalidApprover: ERC721InvalidApproverError,
  ERC721InvalidOperator: ERC721InvalidOperatorError,
  ERC721InvalidOwner: ERC721InvalidOwnerError,
  ERC721InvalidReceiver: ERC721InvalidReceiverError,
  ERC721InvalidSender: ERC721InvalidSenderError,
  ERC721NonexistentToken: ERC721NonexistentTokenError,
  ERC20InsufficientAllowance: ERC20InsufficientAllowanceError,
  ERC20InsufficientBalance: ERC20InsufficientBalanceError,
  ERC20InvalidApprover: ERC20InvalidApproverError,
  ERC20InvalidReceiver: ERC20InvalidReceiverError,
  ERC20InvalidSender: ERC20InvalidSenderError,
  ERC20InvalidSpender: ERC20InvalidSpenderError,
  EnforcedPause: EnforcedPauseError,
  ExpectedPause: ExpectedPauseError,
  ReentrancyGuardReentrantCall: ReentrancyGuardReentrantCallError,
  SafeCastOverflowedUintDowncast: SafeCastOverflowedUintDowncastError,
  SafeERC20FailedOperation: SafeERC20FailedOperationError,
};

/** Builds the typed error for `errorName` from positional arguments (as decoded from revert data). */
export function revertErrorFromArgs(
  errorName: RigshareErrorName,
  args: readonly unknown[],
  cause?: unknown,
): RigshareRevertErrorType {
  const item = rigshareErrorsAbi.find((e) => e.name === errorName)!;
  const named = Object.fromEntries(item.inputs.map((input, i) => [input.name, args[i]]));
  const Class = revertErrorClasses[errorName] as new (a: unknown, o?: { cause?: unknown }) => RigshareRevertErrorType;
  return new Class(named, { cause });
}

// ───────────────────────────────── SDK-level errors ─────────────────────────────────

/** A revert whose data is not one of the protocol's errors (a panic, a string reason, an unknown selector). */
export class UnknownRevertError extends RigshareError {
  override readonly name = "UnknownRevertError" as const;
  constructor(
    readonly data: Hex | undefined,
    readonly reason: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(reason ? `Reverted: ${reason}` : `Reverted with unknown data ${data ?? "(none)"}`, options);
  }
}

/** The account holds less of a token than an action needs (a pre-flight check: nothing was sent). */
export class InsufficientBalanceError extends RigshareError {
  override readonly name = "InsufficientBalanceError" as const;
  constructor(
    readonly token: Address,
    readonly account: Address,
    readonly balance: bigint,
    readonly needed: bigint,
    readonly format: (amount: bigint) => string = String,
  ) {
    super(`Insufficient balance: ${account} holds ${format(balance)}, needs ${format(needed)}`);
  }
}

/** The spender may spend less than an action needs and automatic approval was turned off. */
export class InsufficientAllowanceError extends RigshareError {
  override readonly name = "InsufficientAllowanceError" as const;
  constructor(
    readonly token: Address,
    readonly owner: Address,
    readonly spender: Address,
    readonly allowance: bigint,
    readonly needed: bigint,
    readonly format: (amount: bigint) => string = String,
  ) {
    super(
      `Insufficient allowance: ${spender} may spend ${format(allowance)} of ${owner}'s tokens, needs ${format(needed)}`,
    );
  }
}

/** A transaction was mined but reverted (the simulation before sending passed). */
export class TransactionRevertedError extends RigshareError {
  override readonly name = "TransactionRevertedError" as const;
  constructor(readonly hash: Hex) {
    super(`Transaction ${hash} reverted`);
  }
}

/** The deployment lacks a contract the action needs (an address book written before the oracle existed). */
export class MissingContractError extends RigshareError {
  override readonly name = "MissingContractError" as const;
  constructor(readonly contract: "HashrateOracle" | "EpochFunder" | "ShareMarket") {
    super(
      `This deployment has no ${contract} in its address book: redeploy with scripts/deploy.ts, which deploys ${contract === "ShareMarket" ? "the market" : "the oracle and the epoch funder"}`,
    );
  }
}

/** Any error an SDK action can throw besides viem's transport errors. */
export type RigshareErrorType =
  | RigshareRevertErrorType
  | UnknownRevertError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | TransactionRevertedError
  | MissingContractError;

// ───────────────────────────────── decoding ─────────────────────────────────

const NAMES = new Set<string>(rigshareErrorsAbi.map((e) => e.name));

function revertData(
  error: unknown,
): { data?: Hex; reason?: string; decoded?: { errorName: string; args?: readonly unknown[] } } | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk(
    (e) => e instanceof ContractFunctionRevertedError,
  ) as ContractFunctionRevertedError | null;
  if (reverted) return { data: reverted.raw, reason: reverted.reason, decoded: reverted.data };
  // Other paths (eth_call, estimateGas) carry the revert data on an inner error's `data`.
  const withData = error.walk(
    (e) => typeof (e as { data?: unknown }).data === "string" && /^0x[0-9a-f]{8}/i.test((e as { data: string }).data),
  );
  if (withData) return { data: (withData as unknown as { data: Hex }).data };
  return undefined;
}

/**
 * The typed error behind `error` if it is (or wraps) a revert, else undefined. Decodes against every
 * error of the protocol and its tokens, whichever contract's ABI the call used.
 */
export function decodeRigshareError(error: unknown): RigshareRevertErrorType | UnknownRevertError | undefined {
  if (error instanceof RigshareError) return error as RigshareRevertErrorType | UnknownRevertError;
  const found = revertData(error);
  if (!found) return undefined;
  if (found.decoded && NAMES.has(found.decoded.errorName)) {
    return revertErrorFromArgs(found.decoded.errorName as RigshareErrorName, found.decoded.args ?? [], error);
  }
  if (found.data && found.data.length >= 10) {
    try {
      const { errorName, args } = decodeErrorResult({ abi: rigshareErrorsAbi, data: found.data });
      return revertErrorFromArgs(errorName, args ?? [], error);
    } catch {
      // Not one of ours: fall through to an unknown revert.
    }
  }
  return new UnknownRevertError(found.data, found.reason, { cause: error });
}

/** `decodeRigshareError(error)` when it decodes, else `error` itself (for re-throwing). */
export function toRigshareError(error: unknown): unknown {
  return decodeRigshareError(error) ?? error;
}
