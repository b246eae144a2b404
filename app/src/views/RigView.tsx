// One rig: its specification and statuses, the last epochs' breakdowns, the ROI calculator and the mint
// form.
import { getEpochHistory } from "../../../sdk/actions/getEpochHistory.js";
import { ALGORITHM_LABELS } from "../../../sdk/types.js";
import { RigCharts } from "../components/charts/RigCharts.js";
import { MintForm } from "../components/MintForm.js";
import { RigStates } from "../components/RigStates.js";
import { RoiCalculator } from "../components/RoiCalculator.js";
import { Card, Loading, ReadError, Stat, TableScroll } from "../components/ui.js";
import {
  type TokenMeta,
  formatBps,
  formatDuration,
  formatEfficiency,
  formatHashrate,
  formatToken,
  shortAddress,
} from "../format.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { useRigOverview } from "../protocol/useRigOverview.js";
import { useToken } from "../protocol/useToken.js";

function EpochHistory({ rigId, payout }: { rigId: bigint; payout?: TokenMeta }) {
  const { data, error } = useChainQuery(
    ({ publicClient, contracts, indexer }) =>
      contracts.funder ? getEpochHistory(publicClient, { contracts, rigId, limit: 7, indexer }) : Promise.resolve([]),
    [rigId],
  );
  const amount = (v: bigint) => formatToken(v, payout);
  return (
    <Card title="Last epochs" testId="epoch-history">
      <ReadError error={error} />
      {data?.length === 0 && <p className="muted">No epoch has been paid yet.</p>}
      {data && data.length > 0 && (
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th>Epoch</th>
                <th>Gross</th>
                <th>Electricity</th>
                <th>Service fee</th>
                <th>Fee debt</th>
                <th>SLA compensation</th>
                <th>Net to holders</th>
              </tr>
            </thead>
            <tbody>
              {data.map((b) => (
                <tr key={b.epoch.toString()} data-testid="epoch-row">
                  <td>{b.epoch.toString()}</td>
                  <td>{amount(b.gross)}</td>
                  <td>{amount(b.electricity)}</td>
                  <td>{amount(b.serviceFee)}</td>
                  <td>{amount(b.debtOut)}</td>
                  <td>{amount(b.slaRefund)}</td>
                  <td data-testid="epoch-net">{amount(b.net + b.slaRefund)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Card>
  );
}

export function RigView({ rigId }: { rigId: bigint }) {
  const { data, error } = useRigOverview(rigId);
  const payment = useToken(data?.rig.paymentToken);
  const payout = useToken(data?.rig.payoutToken);
  if (!data) return error ? <ReadError error={error} /> : <Loading what={`rig ${rigId}`} />;
  const { rig, terms, oracle } = data;
  return (
    <>
      <h1 data-testid="rig-name">
        {rig.name} <RigStates overview={data} />
      </h1>
      <Card>
        <div className="stats">
          <Stat label="Algorithm" value={ALGORITHM_LABELS[rig.algorithm]} />
          <Stat label="Hashrate" value={formatHashrate(rig.hashrate)} />
          <Stat label="Power" value={`${rig.powerWatts} W`} />
          <Stat label="Efficiency" value={formatEfficiency(rig.powerWatts, rig.hashrate)} />
          <Stat label="Price per share" value={formatToken(rig.pricePerShare, payment)} />
          <Stat label="Shares left" value={`${rig.sharesAvailable} of ${rig.totalShares}`} testId="rig-shares-left" />
          <Stat label="Epoch length" value={formatDuration(rig.epochLength)} />
          <Stat label="Paid out so far" value={formatToken(rig.funded, payout)} />
          <Stat label="Royalty" value={formatBps(rig.royaltyBps)} />
          <Stat label="Operator" value={<span title={rig.operator}>{shortAddress(rig.operator)}</span>} />
          {terms && <Stat label="Service fee" value={formatBps(terms.serviceFeeBps)} />}
          {terms && <Stat label="SLA bond" value={formatToken(terms.bond, payout)} />}
          {oracle && <Stat label="Epochs awaiting a report" value={oracle.epochsBehind.toString()} />}
        </div>
      </Card>
      <div className="columns">
        <MintForm rig={rig} payment={payment} />
        <RoiCalculator rig={rig} payment={payment} payout={payout} />
      </div>
      <EpochHistory rigId={rigId} payout={payout} />
      <RigCharts rigId={rigId} rig={rig} payout={payout} />
    </>
  );
}
