/** What one benchmark hands to `bench/run.ts`: a titled markdown table and what it means. */
export interface BenchResult {
  /** The section heading, e.g. "Round trips". */
  readonly title: string;
  /** The goal the issue sets, in words. */
  readonly goal: string;
  /** A markdown table. */
  readonly table: string;
  /** Lines printed under the table: whether the goal was met, caveats, where time goes. */
  readonly notes: readonly string[];
}
