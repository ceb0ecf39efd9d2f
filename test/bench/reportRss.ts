// Loaded with --require into each benchmark process: reports its peak RSS when it exits.
process.on('exit', () => process.stderr.write(`\nLOADLINE_RSS_MB=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`));
