// Loaded with --require into each benchmark process: reports its peak RSS and its user CPU (all threads) when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nLOADLINE_RSS_MB=${(usage.maxRSS / 1024).toFixed(1)}\nLOADLINE_USER_MS=${(usage.userCPUTime / 1000).toFixed(1)}\n`);
});
