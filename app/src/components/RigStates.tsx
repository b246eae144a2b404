import { type RigOverview, rigStates } from "../protocol/useRigOverview.js";
import { Badge } from "./ui.js";

export function RigStates({ overview }: { overview: RigOverview }) {
  return (
    <span className="badges" data-testid="rig-status">
      {rigStates(overview).map((s) => (
        <Badge key={s.label} tone={s.tone}>
          {s.label}
        </Badge>
      ))}
    </span>
  );
}
