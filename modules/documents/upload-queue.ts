/** A place in the upload queue, taken before the body is read and given back when done. */
export interface UploadTicket {
  readonly centreId: string;
  /** Called when this upload may run. */
  start?: () => void;
  state: 'queued' | 'running' | 'done';
}

/**
 * Who gets the inspection workers, and when. An upload takes its place before its body is read
 * (a full queue answers at once, holding no body), waits for a worker in its centre's line, and
 * the lines take turns: one centre's many uploads cannot make another centre's one wait behind
 * all of them. One centre uses at most all workers but one, so another centre's upload finds a
 * free worker at once even while hostile files keep a centre's workers busy to their deadline.
 * Bounded per centre and in total, so what waits in memory is bounded too.
 */
export class UploadQueue {
  private readonly lines = new Map<string, UploadTicket[]>();
  /** Tickets admitted (reading, waiting or running), per centre and in total. */
  private readonly held = new Map<string, number>();
  private total = 0;
  private running = 0;
  private readonly runningPerCentre = new Map<string, number>();
  /** Centres with someone waiting, in the order of their turns. */
  private readonly order: string[] = [];

  constructor(
    private readonly limits: { perCentre: number; total: number; parallel: number },
  ) {}

  /** A place for an upload of this centre, or null when its line or the whole queue is full. */
  admit(centreId: string): UploadTicket | null {
    const mine = this.held.get(centreId) ?? 0;
    if (mine >= this.limits.perCentre || this.total >= this.limits.total) return null;
    this.held.set(centreId, mine + 1);
    this.total++;
    return { centreId, state: 'queued' };
  }

  /** Resolves when this upload may use a worker. */
  turn(ticket: UploadTicket): Promise<void> {
    return new Promise((resolve) => {
      ticket.start = resolve;
      const line = this.lines.get(ticket.centreId);
      if (line) line.push(ticket);
      else {
        this.lines.set(ticket.centreId, [ticket]);
        this.order.push(ticket.centreId);
      }
      this.dispatch();
    });
  }

  /** The upload is done (or gave up): its place and its worker go to the next. */
  release(ticket: UploadTicket): void {
    if (ticket.state === 'done') return;
    if (ticket.state === 'running') {
      this.running--;
      const left = (this.runningPerCentre.get(ticket.centreId) ?? 1) - 1;
      if (left > 0) this.runningPerCentre.set(ticket.centreId, left);
      else this.runningPerCentre.delete(ticket.centreId);
    } else {
      const line = this.lines.get(ticket.centreId);
      const at = line?.indexOf(ticket) ?? -1;
      if (line && at >= 0) line.splice(at, 1);
      if (line?.length === 0) this.drop(ticket.centreId);
    }
    ticket.state = 'done';
    const left = (this.held.get(ticket.centreId) ?? 1) - 1;
    if (left > 0) this.held.set(ticket.centreId, left);
    else this.held.delete(ticket.centreId);
    this.total--;
    this.dispatch();
  }

  /** How many are waiting for a worker now (for the benchmark and the health page). */
  get waiting(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.length;
    return n;
  }

  private dispatch(): void {
    const share = Math.max(1, this.limits.parallel - 1);
    while (this.running < this.limits.parallel) {
      // Round robin: the first centre in the order that has not used up its share of the workers
      // takes one turn and goes to the back of the order.
      const at = this.order.findIndex((c) => (this.runningPerCentre.get(c) ?? 0) < share);
      if (at < 0) return;
      const [centre] = this.order.splice(at, 1) as [string];
      const line = this.lines.get(centre)!;
      const ticket = line.shift()!;
      if (line.length > 0) this.order.push(centre);
      else this.lines.delete(centre);
      ticket.state = 'running';
      this.running++;
      this.runningPerCentre.set(centre, (this.runningPerCentre.get(centre) ?? 0) + 1);
      ticket.start?.();
    }
  }

  private drop(centreId: string): void {
    this.lines.delete(centreId);
    const at = this.order.indexOf(centreId);
    if (at >= 0) this.order.splice(at, 1);
  }
}
