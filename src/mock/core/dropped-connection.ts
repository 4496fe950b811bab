/**
 * The signal for "close the connection without an answer".
 *
 * @module
 */

/**
 * Thrown by the mock core's `handle` when a fault asks for a dropped connection; the msw
 * adapter answers `HttpResponse.error()` and the HTTP server destroys the socket.
 */
export class DroppedConnection extends Error {
  constructor() {
    super("The mock dropped the connection on purpose (faults.dropNext)");
    this.name = "DroppedConnection";
  }
}
