import * as http from "node:http";
import * as net from "node:net";
import { AddressInfo } from "node:net";

/** A message the SMTP sink received: the envelope and the raw data. */
export interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP server on loopback that accepts everything and records it. */
export async function startSmtpSink(): Promise<{ port: number; mails: Mail[]; close: () => void }> {
  const mails: Mail[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let current: Mail = { from: "", to: [], data: "" };
    const reply = (line: string) => socket.write(line + "\r\n");
    reply("220 sink.e2e ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(current);
            current = { from: "", to: [], data: "" };
            reply("250 Queued");
          } else {
            current.data += (line.startsWith(".") ? line.slice(1) : line) + "\r\n";
          }
          continue;
        }
        const command = line.toUpperCase();
        if (command.startsWith("EHLO") || command.startsWith("HELO")) {
          reply("250-sink.e2e\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8");
        } else if (command.startsWith("AUTH")) {
          reply("235 Accepted");
        } else if (command.startsWith("MAIL FROM:")) {
          current.from = line.slice(10).replace(/[<>]/g, "").split(" ")[0];
          reply("250 OK");
        } else if (command.startsWith("RCPT TO:")) {
          current.to.push(line.slice(8).replace(/[<>]/g, "").trim());
          reply("250 OK");
        } else if (command === "DATA") {
          inData = true;
          reply("354 Go ahead");
        } else if (command === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else {
          reply("250 OK");
        }
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, mails, close: () => server.close() };
}

/** A request the fake gateway received. */
export interface GatewayRequest {
  path: string;
  authorization: string | undefined;
  body: { number?: string; message?: string };
}

/** A QRAPI-shaped HTTP server on loopback that answers 200 and records every request. */
export async function startFakeGateway(): Promise<{ url: string; requests: GatewayRequest[]; close: () => void }> {
  const requests: GatewayRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(body || "{}") });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

/** The decoded text of a raw e-mail (quoted-printable soft breaks and escapes undone). */
export function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=" && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The text/plain part of a raw multipart e-mail, decoded. */
export function plainText(raw: string): string {
  const start = raw.search(/Content-Type: text\/plain/i);
  if (start < 0) throw new Error("no text/plain part");
  const part = raw.slice(start);
  const headerEnd = part.indexOf("\r\n\r\n");
  const headers = part.slice(0, headerEnd);
  const rest = part.slice(headerEnd + 4);
  const body = rest.slice(0, rest.search(/\r\n--/) >= 0 ? rest.search(/\r\n--/) : rest.length);
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return decodeQuotedPrintable(body);
  }
  return body;
}
