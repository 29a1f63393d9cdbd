package io.soa.demo;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * What a chaos run or a soak hooks into the demo's story: every gateway call, a gate every RPC
 * request of the story passes (held shared; a reorg holds it exclusively, so none is half sent),
 * and the time of every HTTP request.
 */
public record Hooks(Consumer<Hooks.Call> onCall, ReadWriteLock chainGate, Hooks.Timer timer) {
  /** The plain demo's: nothing heard, nothing held. */
  public static final Hooks NONE =
      new Hooks(c -> {}, new ReentrantReadWriteLock(), (url, status, nanos) -> {});

  /**
   * One call through the gateway as its caller saw it: the final status after retries of unanswered
   * attempts with the same request id (0: never answered) and the problem type.
   */
  public record Call(
      String caller, String requestId, String feature, boolean voucher, int status, String type) {}

  /** Hears every HTTP request of the story: its URL, status (0: no answer) and time taken. */
  @FunctionalInterface
  public interface Timer {
    void request(String url, int status, long nanos);
  }
}
