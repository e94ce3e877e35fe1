package dev.sluice.display;

/**
 * How one page is turned into panel bytes.
 *
 * @param dither the quantizer's dither; lws's Floyd–Steinberg by default
 * @param gamma the gamma exponent applied before quantizing; 2.2 is lws's table
 * @param rotation 0, 90, 180 or 270 to override the panel profile's rotation, or null to keep it
 * @param bandLines lines per band (rounded up to whole pages for page-layout panels)
 */
public record RenderOptions(Dither dither, double gamma, Integer rotation, int bandLines) {

  public static final int DEFAULT_BAND_LINES = 16;

  public RenderOptions {
    if (dither == null) {
      dither = Dither.FLOYD_STEINBERG;
    }
    if (rotation != null && (rotation % 90 != 0 || rotation < 0 || rotation > 270)) {
      throw new DisplayException("options.rotation", "rotation must be 0, 90, 180 or 270, got " + rotation);
    }
    if (bandLines < 1 || bandLines > Panels.MAX_SIDE) {
      throw new DisplayException("options.band", "band lines must be 1.." + Panels.MAX_SIDE + ", got " + bandLines);
    }
    if (!(gamma > 0.1 && gamma < 10)) {
      throw new DisplayException("options.gamma", "gamma must be between 0.1 and 10, got " + gamma);
    }
  }

  /** lws's defaults: Floyd–Steinberg, gamma 2.2, the profile's rotation, 16-line bands. */
  public static RenderOptions defaults() {
    return new RenderOptions(Dither.FLOYD_STEINBERG, 2.2, null, DEFAULT_BAND_LINES);
  }

  public RenderOptions withDither(Dither d) {
    return new RenderOptions(d, gamma, rotation, bandLines);
  }

  public RenderOptions withGamma(double g) {
    return new RenderOptions(dither, g, rotation, bandLines);
  }

  public RenderOptions withRotation(Integer r) {
    return new RenderOptions(dither, gamma, r, bandLines);
  }

  public RenderOptions withBandLines(int n) {
    return new RenderOptions(dither, gamma, rotation, n);
  }

  /** The gamma table for {@link #gamma()} (lws's own for 2.2). */
  public Gamma gammaTable() {
    return gamma == 2.2 ? Gamma.LWS : gamma == 1.0 ? Gamma.NONE : new Gamma(gamma);
  }

  /** The panel as this request sees it (with the rotation override applied). */
  public Panel apply(Panel p) {
    return rotation == null || rotation == p.rotation() ? p : p.withRotation(rotation);
  }
}
