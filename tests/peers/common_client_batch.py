"""Calls a running tencentcloud-sandbox many times with the official Python SDK's CommonClient.

Used by crates/tencentcloud-e2e/tests/python_every_service.rs: one documented example of every service version,
signed and sent by a client nobody in this repository wrote. Usage:

    TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... python common_client_batch.py 127.0.0.1:PORT < calls

Each input line is a JSON object {"service", "version", "action", "params", "region"}; each output line is
{"ok": <Response members>} or {"error": {"code", "message", "request_id"}}, in input order. The key comes from
the environment so it never shows in a process list.
"""

import json
import os
import sys

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"])
    # protocol="http" is how the SDK reaches a plain-HTTP endpoint; it signs Host as "127.0.0.1:PORT".
    http_profile = HttpProfile(protocol="http", endpoint=endpoint, reqTimeout=10)
    profile = ClientProfile(signMethod="TC3-HMAC-SHA256", httpProfile=http_profile)
    clients = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        call = json.loads(line)
        key = (call["service"], call["version"], call.get("region", ""))
        client = clients.get(key)
        if client is None:
            client = CommonClient(call["service"], call["version"], cred, key[2], profile=profile)
            clients[key] = client
        try:
            response = client.call_json(call["action"], call["params"])
            out = {"ok": response["Response"]}
        except TencentCloudSDKException as e:
            out = {"error": {"code": e.get_code(), "message": e.get_message(), "request_id": e.get_request_id()}}
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
