/** Domain events of the cases kernel; features subscribe with @OnEvent. */
export const CASE_CREATED = 'case.created';
export const CASE_ASSIGNED = 'case.assigned';

export interface CaseCreatedEvent {
  centreId: string;
  caseId: string;
  kind: 'individual' | 'group';
}

export interface CaseAssignedEvent {
  centreId: string;
  caseId: string;
  kind: 'individual' | 'group';
  /** The case's clients, so features need not read the kernel's tables. */
  memberIds: string[];
  counsellorId: string;
  previousCounsellorId: string | null;
  periodId: string;
}
