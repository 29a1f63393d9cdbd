package io.soa.indexer.rpc;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RPC URLs as they may be shown (status, logs): hosted nodes put credentials in the user info, the
 * query or a path segment ({@code /v3/<key>}), so those are masked.
 */
public final class RpcUrls {
  private RpcUrls() {}

  /** A path segment that looks like an API key: 16 or more letters, digits, '-' or '_'. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,}");

  /** {@code url} with its user info, query, fragment and key-like path segments masked. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "(unparseable url)";
    }
    if (u.getHost() == null) {
      return "(url without host)";
    }
    StringBuilder out = new StringBuilder(u.getScheme() == null ? "" : u.getScheme() + "://");
    if (u.getRawUserInfo() != null) {
      out.append("***@");
    }
    out.append(u.getHost());
    if (u.getPort() >= 0) {
      out.append(':').append(u.getPort());
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        continue;
      }
      out.append('/').append(KEY.matcher(segment).matches() ? "***" : segment);
    }
    if (path.endsWith("/") && path.length() > 1) {
      out.append('/');
    }
    if (u.getRawQuery() != null) {
      out.append("?***");
    }
    return out.toString();
  }

  /** {@code text} with every one of {@code urls} in it replaced by its redacted form. */
  public static String redactIn(String text, List<String> urls) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String url : urls) {
      out = out.replace(url, redact(url));
    }
    return out;
  }
}
