/**
 * WebSocket streams: {@link dev.sluice.host.ws.WsStreamHost} hosts ws client streams and ws-only
 * listeners for server streamtypes; {@link dev.sluice.host.ws.WsServerSession} turns any accepted
 * Vert.x {@code ServerWebSocket} into an accepted stream (the HTTP listener uses it for ws
 * upgrades). Both directions apply strict RFC 6455 rules on top of Vert.x (see docs/websocket.md).
 */
package dev.sluice.host.ws;
