// Connection budgets, so that idle connections from anyone on the machine (no token
// needed to open one) cannot crowd out the user's own requests. A connection is
// "unauthenticated" until a request on it has shown the token. Those are few and short:
// past a small number the oldest are reset, and the header timeout ends the rest within
// about a second. Authenticated ones have a budget of their own that unauthenticated
// connections never touch; over it, the longest-idle keep-alive connection is closed.
//
// Fairness to the user's own connections, which start unauthenticated too: the SDKs and
// the CLI send their request right after connecting, and a connection is only reset for
// the soft limit once a whole event-loop turn has passed since it was accepted (its
// request, if it was sent, has been read by then), oldest first, so the newest
// connections (the user's, arriving now) are the last to go.
import type { Socket } from "node:net";

export interface ConnectionLimits {
  /** Unauthenticated connections kept once they have had a turn to send their request. */
  preAuthSoft: number;
  /** Unauthenticated connections ever held at once (bounds file descriptors under a flood). */
  preAuthHard: number;
  /** Authenticated keep-alive connections. */
  authorized: number;
}

export class ConnectionGuard {
  /** Unauthenticated sockets, oldest first, with the event-loop turn they were accepted in. */
  private readonly preAuth = new Map<Socket, number>();
  /** Authenticated sockets, least recently used first, with their requests in flight. */
  private readonly authorized = new Map<Socket, number>();
  private turn = 0;
  private sweepQueued = false;
  /** Unauthenticated connections reset for being over the limits (for the log). */
  reset = 0;

  constructor(private readonly limits: () => ConnectionLimits) {}

  get unauthenticated(): number {
    return this.preAuth.size;
  }

  get authenticated(): number {
    return this.authorized.size;
  }

  admit(socket: Socket): void {
    this.preAuth.set(socket, this.turn);
    socket.once("close", () => {
      this.preAuth.delete(socket);
      this.authorized.delete(socket);
    });
    if (!this.sweepQueued) {
      this.sweepQueued = true;
      // The check phase: right after the poll phase that accepted this connection.
      setImmediate(() => this.sweep());
    }
    const { preAuthHard } = this.limits();
    while (this.preAuth.size > preAuthHard) this.resetOldest();
  }

  /** A request on this socket has shown the token; returns a function to call when it is answered. */
  authorize(socket: Socket): () => void {
    this.preAuth.delete(socket);
    const inFlight = (this.authorized.get(socket) ?? 0) + 1;
    this.authorized.delete(socket); // re-inserted last: most recently used
    this.authorized.set(socket, inFlight);
    if (this.authorized.size > this.limits().authorized) {
      for (const [s, n] of this.authorized) {
        if (n === 0 && s !== socket) {
          this.authorized.delete(s);
          s.destroy();
          break;
        }
      }
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = this.authorized.get(socket);
      if (n !== undefined) this.authorized.set(socket, n - 1);
    };
  }

  private sweep(): void {
    this.sweepQueued = false;
    const current = this.turn++;
    const { preAuthSoft } = this.limits();
    for (const [socket, turn] of this.preAuth) {
      if (this.preAuth.size <= preAuthSoft || turn >= current) break;
      this.resetSocket(socket);
    }
  }

  private resetOldest(): void {
    const oldest = this.preAuth.keys().next();
    if (!oldest.done) this.resetSocket(oldest.value);
  }

  private resetSocket(socket: Socket): void {
    this.preAuth.delete(socket);
    this.reset++;
    // A reset leaves no TIME_WAIT behind on either side.
    socket.resetAndDestroy();
  }
}
