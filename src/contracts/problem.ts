/** RFC 9457 problem details as BeraDIG answers them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  requestId?: string;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** A socket event's failure, in its acknowledgement: the problem's code, status and text. */
export interface SocketProblem {
  ok: false;
  code: string;
  status: number;
  message: string;
}

/** The acknowledgement of a socket event: its result, or the problem. */
export type SocketAck<T> = ({ ok: true } & T) | SocketProblem;
