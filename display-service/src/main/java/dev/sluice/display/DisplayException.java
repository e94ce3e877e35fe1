package dev.sluice.display;

/**
 * A refusal or failure of the display service, naming the rule that refused (e.g. {@code
 * fetch.loopback}, {@code image.pixels}) and what it was about.
 */
public class DisplayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String rule;

  public DisplayException(String rule, String message) {
    super(rule + ": " + message);
    this.rule = rule;
  }

  public DisplayException(String rule, String message, Throwable cause) {
    super(rule + ": " + message, cause);
    this.rule = rule;
  }

  /** The rule's name, stable for tests and clients: "fetch.loopback", "image.pixels", ... */
  public String rule() {
    return rule;
  }
}
