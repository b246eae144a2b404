// Rigshare SDK (viem): typed reads and writes of the protocol, live accrual computed client-side, the ROI
// calculator (from market inputs or from the contracts' own parameters), the hashrate oracle and the epoch
// funder (reports and their EIP-712 signing, terms, SLA bonds, failover), the share market (listings,
// signed listings and offers, rentals), decoded custom errors and the
// address books. One action per file in sdk/actions/, each `verbNoun(client, { contracts, ...params })`
// with its Parameters / ReturnType / ErrorType types.
export * from "./abis.js";
export * from "./abiVersion.js";
export * from "./accrual.js";
export * from "./addressBook.js";
export * from "./decimal.js";
export * from "./display.js";
export * from "./decorator.js";
export * from "./errors.js";
export * from "./positionId.js";
export * from "./roi.js";
export * from "./types.js";

export * from "./actions/burn.js";
export * from "./actions/buyShares.js";
export * from "./actions/buySignedListing.js";
export * from "./actions/cancelListing.js";
export * from "./actions/cancelOrder.js";
export * from "./actions/cancelRentalListing.js";
export * from "./actions/claim.js";
export * from "./actions/claimBalance.js";
export * from "./actions/configureRig.js";
export * from "./actions/declareBackup.js";
export * from "./actions/depositBond.js";
export * from "./actions/fillOffer.js";
export * from "./actions/getAccrualState.js";
export * from "./actions/getClaimable.js";
export * from "./actions/getEpochHistory.js";
export * from "./actions/getLastBreakdown.js";
export * from "./actions/getLiabilities.js";
export * from "./actions/getListing.js";
export * from "./actions/getMarketListings.js";
export * from "./actions/getOracleStatus.js";
export * from "./actions/getOrderState.js";
export * from "./actions/getPendingReward.js";
export * from "./actions/getPendingSplit.js";
export * from "./actions/getPosition.js";
export * from "./actions/getPositions.js";
export * from "./actions/getProceeds.js";
export * from "./actions/getRental.js";
export * from "./actions/getRentalListing.js";
export * from "./actions/getRig.js";
export * from "./actions/getRigRoi.js";
export * from "./actions/getRigs.js";
export * from "./actions/getRigTerms.js";
export * from "./actions/getToken.js";
export * from "./actions/incrementCounter.js";
export * from "./actions/listForRent.js";
export * from "./actions/listPosition.js";
export * from "./actions/merge.js";
export * from "./actions/mint.js";
export * from "./actions/previewBreakdown.js";
export * from "./actions/proposeTerms.js";
export * from "./actions/pushEpoch.js";
export * from "./actions/pushEpochWithReport.js";
export * from "./actions/pushReportedEpoch.js";
export * from "./actions/quoteSale.js";
export * from "./actions/registerRig.js";
export * from "./actions/rentPosition.js";
export * from "./actions/requestBondWithdrawal.js";
export * from "./actions/retireRig.js";
export * from "./actions/setOnBackup.js";
export * from "./actions/setSaleOpen.js";
export * from "./actions/signEpochReport.js";
export * from "./actions/signListing.js";
export * from "./actions/signOffer.js";
export * from "./actions/split.js";
export * from "./actions/submitReport.js";
export * from "./actions/transfer.js";
export * from "./actions/withdrawBond.js";
export * from "./actions/withdrawMarketProceeds.js";
export * from "./actions/withdrawProceeds.js";
export type { ApproveMode } from "./internal/approve.js";
export { OFFER_TYPES, SIGNED_LISTING_TYPES, marketDomain } from "./internal/market.js";
