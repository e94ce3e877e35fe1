/**
 * Raw TCP streams: client streams whose connection's bytes are their rx and tx, and raw server
 * streamtypes whose every accepted connection is a stream (docs/server-streams.md).
 */
package dev.sluice.host.raw;
