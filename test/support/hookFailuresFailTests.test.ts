import { describe, expect, it } from "vitest";
import { failTestsOfFailedSuites, TaskNode } from "./hookFailuresFailTests";

// Task trees shaped as vitest 4.1.12 leaves them after a run (checked with createVitest and a
// suite whose beforeAll throws: the suite "fail" with the error, its tests mode and state "skip").
const hookError = { message: "synth broke" };
const skippedByHook = (): TaskNode => ({ type: "test", mode: "skip", result: { state: "skip" } });

describe("hook failures count as test failures in mutation runs", () => {
  it("fails the tests a throwing beforeAll skipped, with the hook's error, and nothing else", () => {
    const passed: TaskNode = { type: "test", mode: "run", result: { state: "pass" } };
    const todo: TaskNode = { type: "test", mode: "todo" };
    const file: TaskNode = {
      type: "suite",
      result: { state: "fail" },
      tasks: [
        {
          type: "suite",
          result: { state: "fail", errors: [hookError] },
          tasks: [skippedByHook(), skippedByHook(), todo],
        },
        passed,
      ],
    };
    expect(failTestsOfFailedSuites(file)).toBe(2);
    const [suite] = file.tasks!;
    expect(suite.tasks!.slice(0, 2).map((t) => t.result)).toEqual([
      { state: "fail", errors: [hookError] },
      { state: "fail", errors: [hookError] },
    ]);
    expect(todo.result).toBeUndefined();
    expect(passed.result).toEqual({ state: "pass" });
  });

  it("reaches tests in suites nested under the failed one, and leaves a run without failures alone", () => {
    const inner = skippedByHook();
    const file: TaskNode = {
      type: "suite",
      result: { state: "fail", errors: [hookError] },
      tasks: [{ type: "suite", result: { state: "skip" }, tasks: [inner] }],
    };
    expect(failTestsOfFailedSuites(file)).toBe(1);
    expect(inner.result?.state).toBe("fail");

    const healthy: TaskNode = {
      type: "suite",
      result: { state: "pass" },
      tasks: [skippedByHook()],
    };
    expect(failTestsOfFailedSuites(healthy)).toBe(0);
    expect(healthy.tasks![0].result?.state).toBe("skip");
  });
});
