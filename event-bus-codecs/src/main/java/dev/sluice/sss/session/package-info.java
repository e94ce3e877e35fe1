/**
 * The two ends of a serialized-SS stream as pure logic, without I/O or timers of their own:
 * {@link dev.sluice.sss.session.ProxySession} (lws's proxy connection states) and
 * {@link dev.sluice.sss.session.ClientSession} (lws's SSPC). Bytes go in through
 * {@code receive}, frames come out of {@code nextWrite}, and everything else goes to a listener;
 * the driver (a proxy verticle, the {@code SecureStreams.connect} client) owns sockets and timers.
 */
package dev.sluice.sss.session;
