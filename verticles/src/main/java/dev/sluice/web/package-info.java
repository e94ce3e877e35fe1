/**
 * The web server of {@code conf/runtime.json}'s {@code "web"} section: vhosts with listeners (h1,
 * h2c with prior knowledge, h2 by ALPN over TLS) and mounts (a directory, a redirect, a server
 * streamtype, the landing page). See {@code docs/web-server.md}.
 */
package dev.sluice.web;
