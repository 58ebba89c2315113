// A webhook receiver for Resource Reserver: verifies X-RR-Signature, then handles the event.
//
//     WEBHOOK_SECRET=whsec_... PORT=8080 node webhook_receiver.mjs
//
// Needs only Node.js (18 or later). Answers 204 to a verified delivery (printing one JSON line per
// event) and 401 to anything else; a delivery is retried until it gets a 2xx.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const SECRET = process.env.WEBHOOK_SECRET;
const TOLERANCE_SECONDS = 300;
const seenDeliveries = new Set(); // use a database in production: retries repeat the X-RR-Delivery id

// X-RR-Signature is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
export function verify(secret, body, header, tolerance = TOLERANCE_SECONDS) {
  const parts = Object.fromEntries(
    (header || "").split(",").map((item) => {
      const at = item.indexOf("=");
      return [item.slice(0, at), item.slice(at + 1)];
    }),
  );
  const timestamp = Number.parseInt(parts.t, 10);
  if (!Number.isFinite(timestamp) || !parts.v1) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > tolerance) return false; // a replay
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(expected, given);
}

createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks); // the raw bytes, before any parsing
    if (request.method !== "POST" || !verify(SECRET, body, request.headers["x-rr-signature"])) {
      response.writeHead(401).end();
      return;
    }
    const delivery = request.headers["x-rr-delivery"] || "";
    if (!seenDeliveries.has(delivery)) {
      seenDeliveries.add(delivery);
      const event = JSON.parse(body.toString("utf8"));
      console.log(JSON.stringify({ delivery, type: event.type, subject: event.subject, data: event.data }));
    }
    response.writeHead(204).end();
  });
}).listen(Number(process.env.PORT || 8080), "127.0.0.1");
