// Entry of the SQLite worker thread (see sqliteWorker.ts). Node 20 cannot run
// TypeScript and a worker does not reliably inherit the parent's loader (under
// vitest there is none; `--import tsx` in a worker's execArgv does not apply to
// its entry module), so this plain-JS file registers tsx's CommonJS hook in this
// thread and then requires the TypeScript entry. The CommonJS hook is installed
// synchronously; the ESM `register()` would first start a module-hooks thread
// (measured 100-400 ms more per worker start on the dev VM).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('./sqliteWorkerThread.ts');
