package dev.sluice.sss.mux;

/**
 * Which end of a muxed byte pipe this is; it decides where new channel ids come from so that the
 * two ends rarely pick the same one. lws's code (not its header comment) has the client take ids
 * from 0xFF downwards and the proxy from 1 upwards.
 */
public enum MuxRole {
  /** The SS client (lws SSPC): channel ids 0xFF, 0xFE, ... */
  CLIENT,
  /** The SS proxy (lws's mux with the SERVER flag): channel ids 1, 2, ... */
  PROXY
}
