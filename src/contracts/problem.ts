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
