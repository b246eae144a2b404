// rigshareActions: binds the protocol's addresses so the actions read like viem's own:
//   const client = createPublicClient({ ... }).extend(rigshareActions(contractsOf(book)))
//   await client.getRig({ rigId: 1n })
import type { RigshareContracts } from "./addressBook.js";
import { burn } from "./actions/burn.js";
import { claim } from "./actions/claim.js";
import { claimBalance } from "./actions/claimBalance.js";
import { configureRig } from "./actions/configureRig.js";
import { declareBackup } from "./actions/declareBackup.js";
import { depositBond } from "./actions/depositBond.js";
import { getAccrualState } from "./actions/getAccrualState.js";
import { getClaimable } from "./actions/getClaimable.js";
import { getLastBreakdown } from "./actions/getLastBreakdown.js";
import { getLiabilities } from "./actions/getLiabilities.js";
import { getOracleStatus } from "./actions/getOracleStatus.js";
import { getPendingReward } from "./actions/getPendingReward.js";
import { getPosition } from "./actions/getPosition.js";
import { getPositions } from "./actions/getPositions.js";
import { getProceeds } from "./actions/getProceeds.js";
import { getRig } from "./actions/getRig.js";
import { getRigRoi } from "./actions/getRigRoi.js";
import { getRigs } from "./actions/getRigs.js";
import { getRigTerms } from "./actions/getRigTerms.js";
import { merge } from "./actions/merge.js";
import { mint } from "./actions/mint.js";
import { previewBreakdown } from "./actions/previewBreakdown.js";
import { proposeTerms } from "./actions/proposeTerms.js";
import { pushEpoch } from "./actions/pushEpoch.js";
import { pushEpochWithReport } from "./actions/pushEpochWithReport.js";
import { pushReportedEpoch } from "./actions/pushReportedEpoch.js";
import { registerRig } from "./actions/registerRig.js";
import { requestBondWithdrawal } from "./actions/requestBondWithdrawal.js";
import { retireRig } from "./actions/retireRig.js";
import { setOnBackup } from "./actions/setOnBackup.js";
import { setSaleOpen } from "./actions/setSaleOpen.js";
import { signEpochReport } from "./actions/signEpochReport.js";
import { split } from "./actions/split.js";
import { submitReport } from "./actions/submitReport.js";
import { transfer } from "./actions/transfer.js";
import { withdrawBond } from "./actions/withdrawBond.js";
import { withdrawProceeds } from "./actions/withdrawProceeds.js";
import { getListing } from "./actions/getListing.js";
import { getEpochHistory } from "./actions/getEpochHistory.js";
import { getMarketFee } from "./actions/getMarketFee.js";
import { getMarketListings } from "./actions/getMarketListings.js";
import { getOrderState } from "./actions/getOrderState.js";
import { getRentalListing } from "./actions/getRentalListing.js";
import { getRental } from "./actions/getRental.js";
import { getPendingSplit } from "./actions/getPendingSplit.js";
import { quoteSale } from "./actions/quoteSale.js";
import { listPosition } from "./actions/listPosition.js";
import { cancelListing } from "./actions/cancelListing.js";
import { buyShares } from "./actions/buyShares.js";
import { signListing } from "./actions/signListing.js";
import { buySignedListing } from "./actions/buySignedListing.js";
import { signOffer } from "./actions/signOffer.js";
import { fillOffer } from "./actions/fillOffer.js";
import { incrementCounter } from "./actions/incrementCounter.js";
import { listForRent } from "./actions/listForRent.js";
import { cancelRentalListing } from "./actions/cancelRentalListing.js";
import { rentPosition } from "./actions/rentPosition.js";
import { getMarketProceeds, withdrawMarketProceeds } from "./actions/withdrawMarketProceeds.js";
import type { ReadClient, WriteClient } from "./types.js";

type Bound<F> = F extends (client: infer _C, params: infer P) => infer R ? (params: Omit<P, "contracts">) => R : never;

const bind =
  <C, P extends { contracts: RigshareContracts }, R>(
    fn: (client: C, params: P) => R,
    client: C,
    contracts: RigshareContracts,
  ) =>
  (params: Omit<P, "contracts">) =>
    fn(client, { ...params, contracts } as P);

export function rigsharePublicActions(contracts: RigshareContracts) {
  return (client: ReadClient) => ({
    getRig: bind(getRig, client, contracts) as Bound<typeof getRig>,
    getRigs: bind(getRigs, client, contracts) as Bound<typeof getRigs>,
    getPosition: bind(getPosition, client, contracts) as Bound<typeof getPosition>,
    getPositions: bind(getPositions, client, contracts) as Bound<typeof getPositions>,
    getPendingReward: bind(getPendingReward, client, contracts) as Bound<typeof getPendingReward>,
    getAccrualState: bind(getAccrualState, client, contracts) as Bound<typeof getAccrualState>,
    getClaimable: bind(getClaimable, client, contracts) as Bound<typeof getClaimable>,
    getLiabilities: bind(getLiabilities, client, contracts) as Bound<typeof getLiabilities>,
    getProceeds: bind(getProceeds, client, contracts) as Bound<typeof getProceeds>,
    getOracleStatus: bind(getOracleStatus, client, contracts) as Bound<typeof getOracleStatus>,
    getRigTerms: bind(getRigTerms, client, contracts) as Bound<typeof getRigTerms>,
    getLastBreakdown: bind(getLastBreakdown, client, contracts) as Bound<typeof getLastBreakdown>,
    getEpochHistory: bind(getEpochHistory, client, contracts) as Bound<typeof getEpochHistory>,
    previewBreakdown: bind(previewBreakdown, client, contracts) as Bound<typeof previewBreakdown>,
    getRigRoi: bind(getRigRoi, client, contracts) as Bound<typeof getRigRoi>,
    getListing: bind(getListing, client, contracts) as Bound<typeof getListing>,
    getMarketFee: bind(getMarketFee, client, contracts) as Bound<typeof getMarketFee>,
    getMarketListings: bind(getMarketListings, client, contracts) as Bound<typeof getMarketListings>,
    getOrderState: bind(getOrderState, client, contracts) as Bound<typeof getOrderState>,
    getRentalListing: bind(getRentalListing, client, contracts) as Bound<typeof getRentalListing>,
    getRental: bind(getRental, client, contracts) as Bound<typeof getRental>,
    getPendingSplit: bind(getPendingSplit, client, contracts) as Bound<typeof getPendingSplit>,
    quoteSale: bind(quoteSale, client, contracts) as Bound<typeof quoteSale>,
    getMarketProceeds: bind(getMarketProceeds, client, contracts) as Bound<typeof getMarketProceeds>,
  });
}

export function rigshareWalletActions(contracts: RigshareContracts) {
  return (client: WriteClient) => ({
    mint: bind(mint, client, contracts) as Bound<typeof mint>,
    claim: bind(claim, client, contracts) as Bound<typeof claim>,
    claimBalance: bind(claimBalance, client, contracts) as Bound<typeof claimBalance>,
    split: bind(split, client, contracts) as Bound<typeof split>,
    merge: bind(merge, client, contracts) as Bound<typeof merge>,
    burn: bind(burn, client, contracts) as Bound<typeof burn>,
    transfer: bind(transfer, client, contracts) as Bound<typeof transfer>,
    registerRig: bind(registerRig, client, contracts) as Bound<typeof registerRig>,
    setSaleOpen: bind(setSaleOpen, client, contracts) as Bound<typeof setSaleOpen>,
    retireRig: bind(retireRig, client, contracts) as Bound<typeof retireRig>,
    pushEpoch: bind(pushEpoch, client, contracts) as Bound<typeof pushEpoch>,
    withdrawProceeds: bind(withdrawProceeds, client, contracts) as Bound<typeof withdrawProceeds>,
    configureRig: bind(configureRig, client, contracts) as Bound<typeof configureRig>,
    proposeTerms: bind(proposeTerms, client, contracts) as Bound<typeof proposeTerms>,
    depositBond: bind(depositBond, client, contracts) as Bound<typeof depositBond>,
    requestBondWithdrawal: bind(requestBondWithdrawal, client, contracts) as Bound<typeof requestBondWithdrawal>,
    withdrawBond: bind(withdrawBond, client, contracts) as Bound<typeof withdrawBond>,
    declareBackup: bind(declareBackup, client, contracts) as Bound<typeof declareBackup>,
    setOnBackup: bind(setOnBackup, client, contracts) as Bound<typeof setOnBackup>,
    submitReport: bind(submitReport, client, contracts) as Bound<typeof submitReport>,
    pushEpochWithReport: bind(pushEpochWithReport, client, contracts) as Bound<typeof pushEpochWithReport>,
    pushReportedEpoch: bind(pushReportedEpoch, client, contracts) as Bound<typeof pushReportedEpoch>,
    signEpochReport: bind(signEpochReport, client, contracts) as Bound<typeof signEpochReport>,
    listPosition: bind(listPosition, client, contracts) as Bound<typeof listPosition>,
    cancelListing: bind(cancelListing, client, contracts) as Bound<typeof cancelListing>,
    buyShares: bind(buyShares, client, contracts) as Bound<typeof buyShares>,
    signListing: bind(signListing, client, contracts) as Bound<typeof signListing>,
    buySignedListing: bind(buySignedListing, client, contracts) as Bound<typeof buySignedListing>,
    signOffer: bind(signOffer, client, contracts) as Bound<typeof signOffer>,
    fillOffer: bind(fillOffer, client, contracts) as Bound<typeof fillOffer>,
    incrementCounter: bind(incrementCounter, client, contracts) as Bound<typeof incrementCounter>,
    listForRent: bind(listForRent, client, contracts) as Bound<typeof listForRent>,
    cancelRentalListing: bind(cancelRentalListing, client, contracts) as Bound<typeof cancelRentalListing>,
    rentPosition: bind(rentPosition, client, contracts) as Bound<typeof rentPosition>,
    withdrawMarketProceeds: bind(withdrawMarketProceeds, client, contracts) as Bound<typeof withdrawMarketProceeds>,
  });
}
