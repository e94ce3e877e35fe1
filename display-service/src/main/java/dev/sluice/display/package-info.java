/**
 * The display service: pages rendered into the native formats of e-paper, TFT and OLED panels. This
 * package holds the quantizer that reproduces lws's display drivers (gamma, palette choice, error
 * diffusion).
 */
package dev.sluice.display;
