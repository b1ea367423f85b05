// Preloaded with `node --import`: appends the URL of every module the process loads to
// the file named by LOADED_MODULES_LOG, so a test can see what a command pulls in.
import { register } from 'node:module';

register('./loaded-modules-hook.mjs', import.meta.url, {
  data: { logFile: process.env.LOADED_MODULES_LOG },
});
