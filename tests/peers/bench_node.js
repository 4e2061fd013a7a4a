// Load generator for `cargo xtask bench`: the official Node SDK (CommonClient) calling DescribeAutoCalloutTask.
//
// Runs one measurement in its own process and prints one JSON object (the bench report line) on stdout:
// warm-up, then a measured window; at concurrency 1 it also reports every call's latency so that percentiles
// are computed in one place (xtask). CPU time and peak memory come from process.resourceUsage().
//
// Concurrency N = N promise chains on one shared client (Node is single-threaded; this is how the SDK is
// used). The client keeps connections alive through an http.Agent.
//
// Routing: the SDK derives the service name in the signature from the endpoint's first label
// (`ccc.tencentcloudapi.com` -> `ccc`), so the endpoint stays the real domain, as in production, and the agent
// connects every socket to the loopback address given by --url. No request can leave the machine.
"use strict";

const http = require("http");
const net = require("net");

function parseArgs(argv) {
  const args = { concurrency: 1, warmup: 1.0, duration: 5.0, url: null, endpoint: "ccc.tencentcloudapi.com" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--url") args.url = value;
    else if (flag === "--endpoint") args.endpoint = value;
    else if (flag === "--concurrency") args.concurrency = Number.parseInt(value, 10);
    else if (flag === "--warmup") args.warmup = Number.parseFloat(value);
    else if (flag === "--duration") args.duration = Number.parseFloat(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  if (!args.url) throw new Error("--url is required, e.g. --url http://127.0.0.1:9000");
  if (!(args.concurrency >= 1)) throw new Error("--concurrency must be at least 1");
  return args;
}

function loopbackAgent(url) {
  const target = new URL(url);
  if (target.protocol !== "http:") throw new Error(`--url must be http://, got ${url}`);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (!(host === "localhost" || host === "::1" || host.startsWith("127."))) {
    throw new Error(`--url must be a loopback address, got ${url}`);
  }
  const port = Number.parseInt(target.port || "80", 10);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  agent.createConnection = (_options, callback) => net.createConnection({ host, port }, callback);
  return agent;
}

function loadSdk() {
  const packageName = "tencentcloud-sdk-nodejs-common";
  const sdk = require(packageName);
  const version = require(`${packageName}/package.json`).version;
  return { CommonClient: sdk.CommonClient, name: packageName, version };
}

function cpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const secretId = process.env.TENCENTCLOUD_SECRET_ID;
  const secretKey = process.env.TENCENTCLOUD_SECRET_KEY;
  if (!secretId || !secretKey) throw new Error("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY must be set");

  const sdk = loadSdk();
  const client = new sdk.CommonClient(args.endpoint, "2020-02-10", {
    credential: { secretId, secretKey },
    region: "",
    profile: { httpProfile: { protocol: "http://", agent: loopbackAgent(args.url) } },
  });
  const request = { SdkAppId: 1, TaskId: 2 };
  const keepLatency = args.concurrency === 1;

  const window = { measuring: false, stopping: false, calls: 0, errors: 0, firstError: null, latenciesNs: [] };

  async function worker() {
    while (!window.stopping) {
      const started = process.hrtime.bigint();
      let error = null;
      try {
        const response = await client.request("DescribeAutoCalloutTask", request);
        if (!response || !response.RequestId) throw new Error("response has no RequestId");
      } catch (e) {
        error = e;
      }
      const finished = process.hrtime.bigint();
      if (!window.measuring) continue;
      if (error === null) {
        window.calls += 1;
        if (keepLatency) window.latenciesNs.push(Number(finished - started));
      } else {
        window.errors += 1;
        if (window.firstError === null) window.firstError = `${error.name || "Error"}: ${error.message}`;
      }
    }
  }

  const workers = Array.from({ length: args.concurrency }, worker);
  await sleep(args.warmup);
  const cpuStart = cpuSeconds();
  const wallStart = process.hrtime.bigint();
  window.measuring = true;
  await sleep(args.duration);
  window.measuring = false;
  const elapsed = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = cpuSeconds() - cpuStart;
  window.stopping = true;
  await Promise.all(workers);

  const report = {
    client: "node",
    sdk_version: `${sdk.name} ${sdk.version}`,
    runtime: `Node ${process.version}`,
    concurrency: args.concurrency,
    calls: window.calls,
    errors: window.errors,
    first_error: window.firstError,
    elapsed_s: elapsed,
    cpu_s: cpu,
    // maxRSS is in KiB.
    peak_rss_kib: process.resourceUsage().maxRSS,
    latencies_ns: window.latenciesNs,
  };
  // Idle keep-alive sockets would hold the event loop open, so exit explicitly, but only once the line is
  // flushed: writes to a pipe are asynchronous and exiting earlier truncates a long line.
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(`bench_node: ${e.stack || e}\n`);
  process.exit(1);
});
