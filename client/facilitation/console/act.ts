/** Runs a console action, reporting a refusal or failure in the notice bar. */
import { ui } from '../../state/ui.ts';

export function act(run: () => Promise<unknown> | unknown, done?: string): void {
  try {
    const result = run();
    if (result instanceof Promise) {
      result.then(
        () => done && ui.notify(done),
        (error: unknown) => ui.notify(error instanceof Error ? error.message : 'That did not work'),
      );
    } else if (done) ui.notify(done);
  } catch (error) {
    ui.notify(error instanceof Error ? error.message : 'That did not work');
  }
}
