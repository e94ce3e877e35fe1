package dev.sluice.display;

/**
 * Packed lines of the native raster, ready for the panel.
 *
 * @param index 0 for the first band
 * @param y the first native line in the band
 * @param lines how many lines it holds
 * @param last true for the band that ends the picture
 * @param bytes every plane's bytes for these lines, plane 0 first (see {@link PanelFormat})
 */
public record Band(int index, int y, int lines, boolean last, byte[] bytes) {}
