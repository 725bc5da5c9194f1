import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { interceptServerRequests } from "./intercept-server-requests";

describe("interceptServerRequests", () => {
  it("runs the handler before the server's request listener, once per key, and leaves other events alone", async () => {
    const key = Symbol("test.intercept");
    const seen: string[] = [];
    const first = interceptServerRequests(key, (request, emit) => {
      if (request instanceof http.IncomingMessage) seen.push(`intercepted ${request.url}`);
      return emit();
    });
    const again = interceptServerRequests(key, () => {
      throw new Error("a second install with the same key must not wrap again");
    });
    expect([first, again]).toEqual([true, false]);

    const server = http.createServer((req, res) => {
      seen.push(`handled ${req.url}`);
      res.end("ok");
    });
    let listening = false;
    server.on("listening", () => (listening = true));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/a`)).text()).toBe("ok");
      expect(listening).toBe(true);
      expect(seen).toEqual(["intercepted /a", "handled /a"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
