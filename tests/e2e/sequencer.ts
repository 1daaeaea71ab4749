import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Vitest's order (slowest and failed files first), except that the whole-file loyalty replay runs
 * last: it leaves the shared stack's objects busy with its alarms (recommendations learning,
 * re-filing) for a while after its last assertion, and an end-to-end file right after it would
 * wait on a busy runtime. Nothing runs after it, so nothing waits.
 */
export class ReplayLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => f.moduleId.endsWith("loyalty-replay.test.ts");
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}
