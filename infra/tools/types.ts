/** One problem a contract check found. */
export type Finding = {
  /** Which check. */
  check: string;
  /** Terraform address or app the finding is about. */
  address: string;
  /** What is wrong, and what the code or Terraform says instead. */
  message: string;
};
