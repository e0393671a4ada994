import type { ActionState } from '../../shared/ui/action-state';

/** What the case view offers the feature components it shows in it (they inject it). */
export abstract class CaseViewHost {
  /** The case was read to its latest entry: the list clears its badge. */
  abstract markedRead(caseId: string): void;
  /** A client opened a case (e.g. sent an enquiry): the view loads it and shows it. */
  abstract opened(caseId: string): Promise<void>;
}

/** What the administration's board offers the case actions of features (they inject it). */
export abstract class CaseBoardHost {
  /** The board's busy state, notice and error: an action's outcome shows above the board. */
  abstract readonly action: ActionState;
}
