package io.soa.platform.validation;

import io.soa.platform.error.Invalid;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Refuses text with NUL or control characters (other than tab, line feed and carriage return):
 * PostgreSQL cannot store NUL in text, and control characters in names, tags and URLs are never
 * meant. Walks a request record, its lists and nested records, naming the field.
 */
public final class CleanText {
  private CleanText() {}

  private static final String WHY =
      "must not contain NUL or control characters (U+0000-U+001F other than tab and line breaks, U+007F-U+009F)";

  /**
   * Throws a 400 naming the first field of {@code value} (a record, list, map or string) with such
   * text.
   */
  public static void require(String field, Object value) {
    String bad = firstBad(field, value);
    if (bad != null) {
      throw Invalid.field(bad, WHY);
    }
  }

  /** Checks a request record's fields, named as in its JSON ({@code features[0].id}). */
  public static void requireFields(Record request) {
    String bad = firstBad("", request);
    if (bad != null) {
      throw Invalid.field(bad, WHY);
    }
  }

  static String firstBad(String path, Object value) {
    switch (value) {
      case null -> {
        return null;
      }
      case String s -> {
        return clean(s) ? null : path;
      }
      case Record r -> {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
          Object v;
          try {
            v = c.getAccessor().invoke(r);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
          String bad = firstBad(path.isEmpty() ? c.getName() : path + "." + c.getName(), v);
          if (bad != null) {
            return bad;
          }
        }
        return null;
      }
      case List<?> l -> {
        for (int i = 0; i < l.size(); i++) {
          String bad = firstBad(path + "[" + i + "]", l.get(i));
          if (bad != null) {
            return bad;
          }
        }
        return null;
      }
      case Map<?, ?> m -> {
        for (var e : m.entrySet()) {
          String bad = firstBad(path + "." + e.getKey(), e.getValue());
          if (bad != null || !clean(String.valueOf(e.getKey()))) {
            return bad != null ? bad : path;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /** True when {@code s} holds no NUL and no control character but tab, LF and CR. */
  public static boolean clean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || (ch >= 0x7f && ch <= 0x9f)) {
        return false;
      }
    }
    return true;
  }
}
