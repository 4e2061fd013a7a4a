"""Load generator for `cargo xtask bench`: the official Python SDK calling DescribeAutoCalloutTask.

Runs one measurement in its own process and prints one JSON object (the bench report line) on stdout:
warm-up, then a measured window; at concurrency 1 it also reports every call's latency so that percentiles
are computed in one place (xtask). CPU time and peak memory come from resource.getrusage for this process.

Variants:
  sync   the typed `CccClient`; concurrency N = N threads, each with its own client (requests.Session per
         client, so no connection or lock is shared between threads; the GIL still is).
  async  the typed async `CccClient` (httpx); concurrency N = N asyncio tasks sharing one client.

Both use HTTP keep-alive (`HttpProfile.keepAlive = True`), the SDK's best case; its default opens a new
connection per call.
"""

import argparse
import json
import os
import resource
import sys
import threading
import time

SDK_PACKAGE = "tencentcloud-sdk-python-intl-en"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="API 3.0 endpoint, e.g. http://127.0.0.1:9000")
    parser.add_argument("--variant", choices=["sync", "async"], default="sync")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of calls before measuring")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured")
    return parser.parse_args()


def sdk_version():
    try:
        from importlib.metadata import version

        return f"{SDK_PACKAGE} {version(SDK_PACKAGE)}"
    except Exception:  # the version is informative only; a missing one must not fail the benchmark
        return f"{SDK_PACKAGE} (version unknown)"


def make_profile(url):
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    scheme, _, endpoint = url.partition("://")
    http = HttpProfile(protocol=scheme, endpoint=endpoint.rstrip("/"), keepAlive=True)
    profile = ClientProfile(httpProfile=http)
    # The breaker would switch to a backup endpoint on failures; a benchmark wants failures to show.
    profile.disable_region_breaker = True
    return profile


def credential():
    from tencentcloud.common import credential as tc_credential

    secret_id = os.environ.get("TENCENTCLOUD_SECRET_ID")
    secret_key = os.environ.get("TENCENTCLOUD_SECRET_KEY")
    if not secret_id or not secret_key:
        raise SystemExit("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY must be set")
    return tc_credential.Credential(secret_id, secret_key)


def make_request():
    from tencentcloud.ccc.v20200210 import models

    request = models.DescribeAutoCalloutTaskRequest()
    request.SdkAppId = 1
    request.TaskId = 2
    return request


def check(response):
    # A response without a RequestId is not an API 3.0 answer; an error response raises inside the SDK.
    if not response.RequestId:
        raise RuntimeError("response has no RequestId")


class Window:
    """The measured window: calls that finish inside it count, and CPU time is read at its edges."""

    def __init__(self):
        self.measuring = False
        self.stopping = False
        self.calls = 0
        self.errors = 0
        self.first_error = None
        self.latencies_ns = []
        self.lock = threading.Lock()

    def record(self, started_ns, finished_ns, error, keep_latency):
        if not self.measuring:
            return
        with self.lock:
            if error is None:
                self.calls += 1
                if keep_latency:
                    self.latencies_ns.append(finished_ns - started_ns)
            else:
                self.errors += 1
                if self.first_error is None:
                    self.first_error = f"{type(error).__name__}: {error}"


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_sync(args, window):
    from tencentcloud.ccc.v20200210 import ccc_client

    cred = credential()
    keep_latency = args.concurrency == 1

    def worker():
        client = ccc_client.CccClient(cred, "", make_profile(args.url))
        request = make_request()
        while not window.stopping:
            started = time.perf_counter_ns()
            error = None
            try:
                check(client.DescribeAutoCalloutTask(request))
            except Exception as e:  # counted and reported, never hidden
                error = e
            window.record(started, time.perf_counter_ns(), error, keep_latency)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    measured = drive_window(args, window, time.sleep)
    for thread in threads:
        thread.join()
    return measured


def run_async(args, window):
    import asyncio

    from tencentcloud.ccc.v20200210 import ccc_client_async

    keep_latency = args.concurrency == 1

    async def main():
        client = ccc_client_async.CccClient(credential(), "", make_profile(args.url))
        request = make_request()

        async def worker():
            while not window.stopping:
                started = time.perf_counter_ns()
                error = None
                try:
                    check(await client.DescribeAutoCalloutTask(request))
                except Exception as e:  # counted and reported, never hidden
                    error = e
                window.record(started, time.perf_counter_ns(), error, keep_latency)

        workers = [asyncio.ensure_future(worker()) for _ in range(args.concurrency)]
        measured = await drive_window_async(args, window)
        await asyncio.gather(*workers)
        await client.close()
        return measured

    return asyncio.run(main())


def drive_window(args, window, sleep):
    sleep(args.warmup)
    cpu_start, wall_start = cpu_seconds(), time.perf_counter()
    window.measuring = True
    sleep(args.duration)
    window.measuring = False
    measured = (time.perf_counter() - wall_start, cpu_seconds() - cpu_start)
    window.stopping = True
    return measured


async def drive_window_async(args, window):
    import asyncio

    await asyncio.sleep(args.warmup)
    cpu_start, wall_start = cpu_seconds(), time.perf_counter()
    window.measuring = True
    await asyncio.sleep(args.duration)
    window.measuring = False
    measured = (time.perf_counter() - wall_start, cpu_seconds() - cpu_start)
    window.stopping = True
    return measured


def main():
    args = parse_args()
    if args.concurrency < 1:
        raise SystemExit("--concurrency must be at least 1")
    name = f"python-{args.variant}"
    if args.variant == "async":
        try:
            import httpx  # noqa: F401  the async client's transport, an optional extra of the SDK
        except ImportError:
            print(json.dumps({"client": name, "unavailable": "httpx is not installed (the SDK's [async] extra)"}))
            return
    window = Window()
    runner = run_async if args.variant == "async" else run_sync
    elapsed, cpu = runner(args, window)
    report = {
        "client": name,
        "sdk_version": sdk_version(),
        "runtime": f"CPython {sys.version.split()[0]}",
        "concurrency": args.concurrency,
        "calls": window.calls,
        "errors": window.errors,
        "first_error": window.first_error,
        "elapsed_s": elapsed,
        "cpu_s": cpu,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "latencies_ns": window.latencies_ns,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
