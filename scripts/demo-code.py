#!/usr/bin/env python3
"""Prints the demo's second-factor code now: the demo's leaders and administrator type it
after the password (`tvaers serve --demo`). The key is server/src/demo.rs's DEMO_TOTP_SECRET;
any authenticator app given that key shows the same code. Demo only.

    python3 scripts/demo-code.py
"""

import base64
import hashlib
import hmac
import struct
import time

DEMO_TOTP_SECRET = "TVAERSDEMOTVAERSDEMOTVAERSDEMO23"


def code(secret: str, step: int) -> str:
    key = base64.b32decode(secret)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


if __name__ == "__main__":
    now = int(time.time())
    step, into = divmod(now, 30)
    print(f"{code(DEMO_TOTP_SECRET, step)}  (for {30 - into} more seconds; each code works once per person)")
