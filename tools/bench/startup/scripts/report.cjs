// Shared ending of the startup scripts: report when the app was ready, then exit at once (some
// tracers keep timers or sockets alive).
'use strict';
module.exports = function report(t0, ready) {
  process.send({ type: 'result', importInitMs: ready - t0, processStartToReadyMs: ready }, () => process.exit(0));
};
