/**
 * A vitest reporter for mutation runs only (vitest.mutation.config.ts). When a `beforeAll`
 * throws, vitest skips the suite's tests and records the error on the suite; StrykerJS's vitest
 * runner (9.6.1) reads test results only, so a mutant that breaks a stack synthesis in a
 * beforeAll would count as survived. This marks each test such a failure skipped as failed,
 * with the hook's error, before Stryker reads the results.
 */
import type { Reporter, Vitest } from "vitest/node";

/** The part of vitest's task tree read here (its File, Suite and Test tasks). */
export interface TaskNode {
  type: string;
  mode?: string;
  result?: { state?: string; errors?: unknown[] };
  tasks?: TaskNode[];
}

/** Marks the tests a failed suite or file left unrun as failed; returns how many. */
export function failTestsOfFailedSuites(task: TaskNode, inherited?: unknown[]): number {
  const own =
    task.result?.state === "fail" && task.result.errors?.length ? task.result.errors : undefined;
  const errors = own ?? inherited;
  let marked = 0;
  for (const child of task.tasks ?? []) {
    if (child.tasks) {
      marked += failTestsOfFailedSuites(child, errors);
    } else if (errors && child.mode !== "todo") {
      // vitest gives the tests of a suite whose beforeAll threw the mode and state "skip".
      const state = child.result?.state;
      if (state === undefined || state === "skip") {
        child.result = { ...child.result, state: "fail", errors };
        marked++;
      }
    }
  }
  return marked;
}

export default class HookFailuresFailTests implements Reporter {
  private vitest?: Vitest;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      failTestsOfFailedSuites(file as unknown as TaskNode);
    }
  }
}
