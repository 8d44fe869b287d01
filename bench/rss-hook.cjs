// Preloaded with -r by bench/lib.ts: reports the process's own peak RSS at exit.
process.on("exit", () => {
  process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\n`);
});
