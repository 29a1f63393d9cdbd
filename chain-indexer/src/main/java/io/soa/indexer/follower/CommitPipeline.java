package io.soa.indexer.follower;

import io.soa.indexer.repository.CursorRepository.Cursor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Commits of sent ranges, oldest first, on one committer thread. Each commit waits for its range's
 * acks and then stores its cursor, and runs only once the one before it has succeeded, so the
 * stored cursor never passes an unacknowledged event; meanwhile the follower already sends the next
 * range. If one fails, the ranges queued after it are never committed either: all are forgotten,
 * the failure is rethrown to the follower, and its next step starts again from the stored cursor
 * (re-sending identical events with the same ids, which consumers drop).
 *
 * <p>Used from the follower's thread only.
 */
final class CommitPipeline implements AutoCloseable {
  private final int maxPending;
  private final ExecutorService committer;
  private final ArrayDeque<CompletableFuture<Void>> commits = new ArrayDeque<>();

  /** The cursor the newest pending commit will store; null when none is pending. */
  private Cursor pipelined;

  CommitPipeline(int maxPending) {
    this.maxPending = maxPending;
    this.committer =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("chain-committer").factory());
  }

  /**
   * Queues {@code commit}, which will store {@code next}; once more than {@code maxPending} wait,
   * blocks until the oldest is done.
   */
  void submit(Cursor next, Runnable commit) throws Exception {
    CompletableFuture<Void> previous = commits.peekLast();
    commits.addLast(
        previous == null
            ? CompletableFuture.runAsync(commit, committer)
            : previous.thenRunAsync(commit, committer)); // never runs after a failed one
    pipelined = next;
    while (commits.size() > maxPending) {
      finish(commits.pollFirst());
    }
  }

  /** Takes the commits that are done; a failed one is rethrown. */
  void poll() throws Exception {
    while (!commits.isEmpty() && commits.peekFirst().isDone()) {
      finish(commits.pollFirst());
    }
    if (commits.isEmpty()) {
      pipelined = null;
    }
  }

  /** Waits for every pending commit: then the stored cursor is the follower's. */
  void drain() throws Exception {
    while (!commits.isEmpty()) {
      finish(commits.pollFirst());
    }
    pipelined = null;
  }

  /**
   * Lets pending commits finish, whatever their outcome (this replica stands down: the stored
   * cursor is what the next leader starts from).
   */
  void abandon() {
    try {
      drain();
    } catch (Exception ignored) {
      commits.clear(); // a failed commit: its range is published again by the next leader
      pipelined = null;
    }
  }

  /** The cursor the newest pending commit will store, or null when none is pending. */
  Cursor pipelined() {
    return pipelined;
  }

  private void finish(CompletableFuture<Void> commit) throws Exception {
    try {
      commit.get();
    } catch (ExecutionException e) {
      commits.clear();
      pipelined = null;
      throw e.getCause() instanceof Exception cause
          ? cause
          : e; // get() unwraps CompletionException
    }
  }

  /** A commit in flight finishes; one not yet started is simply redone after the restart. */
  @Override
  public void close() {
    committer.shutdown();
    try {
      committer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
