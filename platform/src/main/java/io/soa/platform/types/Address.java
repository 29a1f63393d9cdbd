package io.soa.platform.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/** An Ethereum address, kept lower-case so equal addresses compare and index equal. */
public record Address(String value) {
  private static final Pattern HEX = Pattern.compile("^0x[0-9a-fA-F]{40}$");

  public Address {
    if (value == null || !HEX.matcher(value).matches()) {
      throw new IllegalArgumentException("not an address (0x + 40 hex digits): " + value);
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Address of(String value) {
    return new Address(value);
  }

  public static boolean isValid(String value) {
    return value != null && HEX.matcher(value).matches();
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }
}
