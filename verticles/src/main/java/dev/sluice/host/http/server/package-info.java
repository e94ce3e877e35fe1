/**
 * The server side of h1/h2 streams: the listener of a server streamtype, its limits, and the
 * dispatcher that turns each HTTP request into a SERVER_TXN stream (docs/server-streams.md).
 */
package dev.sluice.host.http.server;
