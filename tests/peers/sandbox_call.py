"""Calls a running tencentcloud-sandbox with the official Python SDK (tencentcloud-sdk-python-intl-en).

Used by crates/tencentcloud-e2e/tests/python_peer.rs to prove the sandbox checks real TC3 signatures as the
official SDK makes them. Usage:

    TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... \
    python sandbox_call.py 127.0.0.1:PORT SERVICE VERSION ACTION '{"Param": 1}' [REGION]

TENCENTCLOUD_REQ_METHOD=GET sends a GET; TENCENTCLOUD_MULTIPART_BINARY='{"File": "text"}' a multipart body;
TENCENTCLOUD_OCTET_HEADERS='{"X-CLS-TopicId": "t"}' (and TENCENTCLOUD_OCTET_BODY) an octet-stream call.

Prints one JSON line: {"ok": <Response members>} or {"error": {"code", "message", "request_id"}}.
The key comes from the environment so it never shows in a process list.
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
    if len(sys.argv) not in (6, 7):
        print(__doc__, file=sys.stderr)
        return 2
    endpoint, service, version, action, params = sys.argv[1:6]
    region = sys.argv[6] if len(sys.argv) == 7 else ""
    cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"])
    # protocol="http" is how the SDK reaches a plain-HTTP endpoint; it signs Host as "127.0.0.1:PORT".
    http_profile = HttpProfile(protocol="http", endpoint=endpoint, reqTimeout=10)
    # TENCENTCLOUD_REQ_METHOD=GET sends the parameters flattened into the query string.
    http_profile.reqMethod = os.environ.get("TENCENTCLOUD_REQ_METHOD", "POST")
    profile = ClientProfile(signMethod="TC3-HMAC-SHA256", httpProfile=http_profile)
    client = CommonClient(service, version, cred, region, profile=profile)
    params = json.loads(params)
    options = None
    # TENCENTCLOUD_MULTIPART_BINARY='{"File": "text"}' sends the call as multipart/form-data with these members as
    # binary parts (the text's UTF-8 bytes), the SDK's IsMultipart and BinaryParams options.
    binary = json.loads(os.environ.get("TENCENTCLOUD_MULTIPART_BINARY", "null"))
    if binary is not None:
        params.update({name: text.encode() for name, text in binary.items()})
        options = {"IsMultipart": True, "BinaryParams": list(binary)}
    # TENCENTCLOUD_OCTET_HEADERS='{"X-CLS-TopicId": "..."}' sends an application/octet-stream call instead: these
    # headers carry the members and the body is the UTF-8 bytes of TENCENTCLOUD_OCTET_BODY.
    octet_headers = json.loads(os.environ.get("TENCENTCLOUD_OCTET_HEADERS", "null"))
    try:
        if octet_headers is not None:
            body = os.environ.get("TENCENTCLOUD_OCTET_BODY", "").encode()
            response = client.call_octet_stream(action, octet_headers, body)
        else:
            response = client.call_json(action, params, options=options)
    except TencentCloudSDKException as e:
        print(json.dumps({"error": {"code": e.get_code(), "message": e.get_message(), "request_id": e.get_request_id()}}))
        return 0
    print(json.dumps({"ok": response["Response"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
