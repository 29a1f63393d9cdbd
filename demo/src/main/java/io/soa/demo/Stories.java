package io.soa.demo;

import io.soa.devchain.deploy.Deployment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The demo's story again and again, on a thread of its own, until closed: the load of a soak or a
 * chaos run. A story cut short (a fault, a part restarting) counts as interrupted, and the next
 * begins a second later.
 */
public final class Stories implements AutoCloseable {
  private final AtomicBoolean going = new AtomicBoolean(true);
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final Thread thread;

  public Stories(Deployment d, Demo.Urls urls, Hooks hooks, Consumer<String> log) {
    thread =
        Thread.ofPlatform()
            .name("demo-stories")
            .start(
                () -> {
                  while (going.get()) {
                    try {
                      Demo.run(d, urls, line -> {}, hooks);
                      done.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                      interrupted.incrementAndGet();
                      log.accept("story interrupted: " + e.getMessage());
                      pause();
                    }
                  }
                });
  }

  public int done() {
    return done.get();
  }

  public int interrupted() {
    return interrupted.get();
  }

  /** Lets the story under way end, then stops. */
  @Override
  public void close() throws InterruptedException {
    going.set(false);
    thread.join();
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
