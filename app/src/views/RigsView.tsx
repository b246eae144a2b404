// The rigs on offer: what each mines, how efficiently, what a share costs and how many are left.
import { RigStates } from "../components/RigStates.js";
import { Loading, ReadError } from "../components/ui.js";
import { formatEfficiency, formatHashrate, formatToken } from "../format.js";
import { useToken } from "../protocol/useToken.js";
import { type RigOverview, useRigOverviews } from "../protocol/useRigOverview.js";
import { ALGORITHM_LABELS } from "../../../sdk/types.js";

function RigCard({ overview }: { overview: RigOverview }) {
  const { rig } = overview;
  const payment = useToken(rig.paymentToken);
  const payout = useToken(rig.payoutToken);
  return (
    <a className="card rig-card" href={`#/rigs/${rig.rigId}`} data-testid={`rig-card-${rig.rigId}`}>
      <h2>
        {rig.name} <RigStates overview={overview} />
      </h2>
      <dl>
        <dt>Algorithm</dt>
        <dd>{ALGORITHM_LABELS[rig.algorithm]}</dd>
        <dt>Hashrate</dt>
        <dd>{formatHashrate(rig.hashrate)}</dd>
        <dt>Efficiency</dt>
        <dd>{formatEfficiency(rig.powerWatts, rig.hashrate)}</dd>
        <dt>Price</dt>
        <dd>{formatToken(rig.pricePerShare, payment)} / share</dd>
        <dt>Shares left</dt>
        <dd data-testid="shares-left">
          {rig.sharesAvailable.toString()} of {rig.totalShares.toString()}
        </dd>
        <dt>Pays</dt>
        <dd>{payout?.symbol ?? "…"}</dd>
      </dl>
    </a>
  );
}

export function RigsView() {
  const { data, error } = useRigOverviews();
  return (
    <>
      <h1>Rigs</h1>
      <ReadError error={error} />
      {!data && !error && <Loading what="rigs" />}
      {data?.length === 0 && <p className="muted">No rig is registered yet.</p>}
      <div className="grid">
        {data?.map((o) => (
          <RigCard key={o.rig.rigId.toString()} overview={o} />
        ))}
      </div>
    </>
  );
}
