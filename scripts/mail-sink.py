"""A real local SMTP server for development and the integration tests (issue 15).

Listens on 127.0.0.1:<port> with aiosmtpd and writes each delivered message, as received, to
<dir>/<n>.eml, with the envelope's recipients in a first `X-Envelope-To:` line. Prints
"ready" once it accepts connections, and stops when its standard input closes, so a test
process that started it never leaves it behind.

    ~/.cache/tvaers/mail-venv/bin/python scripts/mail-sink.py 2525 /tmp/tvaers-mail
"""

import itertools
import os
import sys
import threading

from aiosmtpd.controller import Controller


class ToDirectory:
    def __init__(self, directory):
        self.directory = directory
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.numbers)
        final = os.path.join(self.directory, f"{number}.eml")
        partial = final + ".part"
        # Written whole, then renamed: a reader never sees half a message.
        with open(partial, "wb") as out:
            out.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(envelope.original_content)
        os.rename(partial, final)
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(ToDirectory(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
