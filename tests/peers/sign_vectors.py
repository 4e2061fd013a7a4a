#!/usr/bin/env python3
"""Signing peer for the Rust interop test: signs cases with the official Python SDK (tencentcloud-sdk-python-intl-en).

Reads one JSON case per line on stdin and writes one JSON answer per line on stdout.

Case fields: secret_id, secret_key, service, host, timestamp (int), action, region, and either
  "params" (an object): the SDK's own client path builds the request (json.dumps body, content-type
      application/json, UTC date from the timestamp) -> answer {"body", "authorization", "headers"}; with "method": "GET" it builds a GET
      instead (the parameters flattened and urlencoded: "body" is then the query string);
  "body" (a string, signed byte for byte as UTF-8) with "content_type" and optional "unsigned_payload": the
      SDK's TC3 canonical-request function and Sign.sign_tc3 sign it -> answer {"signature", "date"};
  "body_hex" (bytes) with optional "headers": the SDK's octet-stream path (call_octet_stream) signs them as an
      application/octet-stream body -> answer {"authorization", "headers"};
  "multipart" (an object: "params" in order, "binary" {name: hex bytes}, "boundary"): the SDK's multipart path
      (options IsMultipart and BinaryParams) lays out and signs the body with that boundary in place of a fresh
      uuid4().hex; a binary param replaces the param of its name in place, else comes after them
      -> answer {"body_hex", "authorization", "headers"}.
"""
import json
import sys

from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile


class FixedClock:
    """Stands in for the `time` module inside abstract_client so the SDK signs at the case's timestamp."""

    def __init__(self, real):
        self.real = real
        self.now = 0

    def time(self):
        return self.now

    def __getattr__(self, name):
        return getattr(self.real, name)


CLOCK = FixedClock(abstract_client.time)
abstract_client.time = CLOCK


def make_client(case):
    http_profile = HttpProfile(endpoint=case["host"])
    http_profile.reqMethod = case.get("method", "POST")
    profile = ClientProfile(signMethod="TC3-HMAC-SHA256", httpProfile=http_profile)
    credential = Credential(case["secret_id"], case["secret_key"], case.get("token"))
    return CommonClient(case["service"], "2017-03-12", credential, case.get("region", ""), profile=profile)


def sign_params(case):
    CLOCK.now = case["timestamp"]
    client = make_client(case)
    req = RequestInternal(case["host"], case.get("method", "POST"), "/")
    client._build_req_with_tc3_signature(case["action"], case["params"], req)
    return {"body": req.data, "authorization": req.header["Authorization"], "headers": req.header}


def sign_octet(case):
    """The SDK's call_octet_stream path: the bytes are the body, content-type application/octet-stream."""
    CLOCK.now = case["timestamp"]
    client = make_client(case)
    req = RequestInternal(case["host"], "POST", "/", header=dict(case.get("headers", {})))
    req.data = bytes.fromhex(case["body_hex"])
    client._build_req_with_tc3_signature(case["action"], None, req, {"IsOctetStream": True})
    return {"authorization": req.header["Authorization"], "headers": req.header}


class FixedUuid:
    """Stands in for the `uuid` module inside abstract_client so the multipart boundary is the case's."""

    def __init__(self, real):
        self.real = real
        self.hex = None

    def uuid4(self):
        return self

    def __getattr__(self, name):
        return getattr(self.real, name)


UUID = FixedUuid(abstract_client.uuid)
abstract_client.uuid = UUID


def sign_multipart(case):
    CLOCK.now = case["timestamp"]
    multipart = case["multipart"]
    UUID.hex = multipart["boundary"]
    client = make_client(case)
    params = dict(multipart["params"])
    for name, hex_bytes in multipart["binary"].items():
        params[name] = bytes.fromhex(hex_bytes)
    req = RequestInternal(case["host"], "POST", "/")
    options = {"IsMultipart": True, "BinaryParams": list(multipart["binary"])}
    client._build_req_with_tc3_signature(case["action"], params, req, options)
    return {"body_hex": req.data.hex(), "authorization": req.header["Authorization"], "headers": req.header}


def sign_body(case):
    client = make_client(case)
    req = RequestInternal(case["host"], "POST", "/")
    req.data = case["body"]
    req.header["Content-Type"] = case["content_type"]
    req.header["Host"] = case["host"]
    req.header["X-TC-Timestamp"] = str(case["timestamp"])
    if case.get("unsigned_payload"):
        req.header["X-TC-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    date = abstract_client.datetime.utcfromtimestamp(case["timestamp"]).strftime("%Y-%m-%d")
    signature = client._get_tc3_signature(None, req, date, case["service"], case["secret_key"])
    return {"signature": signature, "date": date}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        if "multipart" in case:
            answer = sign_multipart(case)
        elif "body_hex" in case:
            answer = sign_octet(case)
        elif "params" in case:
            answer = sign_params(case)
        else:
            answer = sign_body(case)
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
