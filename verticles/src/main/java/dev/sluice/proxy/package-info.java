/**
 * The serialized Secure Streams proxy ({@link dev.sluice.proxy.SsProxyVerticle}): clients that
 * speak lws's SSS wire over a Unix socket, TCP or a WebSocket get onward streams made from this
 * runtime's policy and hosts. {@code docs/proxy.md} describes it.
 */
package dev.sluice.proxy;
