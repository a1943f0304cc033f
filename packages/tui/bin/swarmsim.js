#!/usr/bin/env node
// The installed entry point: runs the compiled command line (built by `npm ci` through the
// workspace's `prepare` script, or by `npm run build`).
// React picks its build when it is first imported: the production one unless told otherwise
// (its development build makes every frame about half as slow again). Tests set their own.
process.env.NODE_ENV ??= 'production';
import('../dist/bin.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('swarmsim is not built yet: run `npm run build` at the repository root.\n');
    process.exit(2);
  }
  throw error;
});
