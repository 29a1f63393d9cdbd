package io.soa.client;

/**
 * Hears every HTTP request the client sends, for an application's metrics: its URL, the status
 * answered (0: no answer) and the time it took.
 */
@FunctionalInterface
public interface RequestListener {
  RequestListener NONE = (url, status, nanos) -> {};

  void request(String url, int status, long nanos);
}
