package io.soa.model.rest;

/** A text above the model's limit. */
final class TextTooLong extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int max;

  TextTooLong(int max) {
    super("text is longer than " + max + " characters", null, false, false);
    this.max = max;
  }
}
