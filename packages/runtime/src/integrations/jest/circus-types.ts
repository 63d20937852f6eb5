/**
 * The few shapes of jest-circus objects and events the adapter reads, typed structurally: jest is
 * the user's dependency (a peer), never ours, so nothing here imports from it (not even types).
 */

export interface DescribeBlockLike {
  name: string;
  parent?: DescribeBlockLike | undefined;
  children?: Array<DescribeBlockLike | TestEntryLike>;
  type?: string;
}

export interface TestEntryLike {
  name: string;
  type?: string;
  parent?: DescribeBlockLike | undefined;
  /** `[error, asyncError]` pairs: what jest-circus reports for the test at its end. */
  errors: unknown[];
  /** Made where the test was defined: jest locates the test's failures with it. */
  asyncError?: unknown;
}

export interface HookLike {
  type: string;
  parent?: DescribeBlockLike | undefined;
  asyncError?: unknown;
}

export interface CircusEvent {
  name: string;
  test?: TestEntryLike;
  hook?: HookLike;
  describeBlock?: DescribeBlockLike;
  error?: unknown;
}

export interface CircusState {
  unhandledErrors?: unknown[];
  currentlyRunningTest?: TestEntryLike | null;
}

export type EventHandler = (event: CircusEvent, state: CircusState) => void;
