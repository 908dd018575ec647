/**
 * TOTP codes (RFC 6238: HMAC-SHA1, six digits, 30-second steps) for the browser tests, as an
 * authenticator app makes them, and a per-person record of the last step used: the server
 * accepts each step's code once, and the two Playwright workers may sign in as the same demo
 * leader within one step.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const STEP_SECONDS = 30;

/** The bytes of an RFC 4648 base32 text (no padding; spaces and case ignored). */
export function base32Bytes(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.replace(/\s/g, "").toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The six-digit code of `secret` (base32) for a 30-second step. */
export function code(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The current step, once it is later than the last step this person's code was used for by
 * any worker of this run; records it. Waits (at most one step) when it is not.
 */
export async function nextUnusedStep(username: string): Promise<number> {
  // One directory per run (scripts/e2e.sh makes it), so nothing a killed run left behind counts.
  const dir = process.env.TVAERS_E2E_RUN_DIR ?? tmpdir();
  const base = join(dir, `tvaers-e2e-totp-${Buffer.from(username).toString("hex")}`);
  const lock = `${base}.lock`;
  const giveUp = Date.now() + 40_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a run that was killed is taken over after a while.
      if (Date.now() > giveUp) rmdirSync(lock);
      await sleep(50);
    }
  }
  try {
    let last = -1;
    try {
      last = Number(readFileSync(base, "utf8"));
    } catch {
      // Nobody has used a code for this person yet.
    }
    let step = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    while (step <= last) {
      await sleep(((step + 1) * STEP_SECONDS * 1000) - Date.now() + 100);
      step = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    }
    writeFileSync(base, String(step));
    return step;
  } finally {
    rmdirSync(lock);
  }
}
