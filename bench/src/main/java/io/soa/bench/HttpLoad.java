package io.soa.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator: {@code connections} keep-alive sockets, each on its own
 * thread sending the next request as soon as the last answer is read. Written for the bench because
 * the JDK's HttpClient spends more CPU per request than the service under test, on a machine where
 * both share two cores.
 */
final class HttpLoad {
  private HttpLoad() {}

  /** Requests done, errors (non-2xx or I/O), seconds, and every latency in microseconds. */
  record Result(long requests, long errors, double seconds, long[] latenciesMicros) {
    double rps() {
      return requests / seconds;
    }

    double percentileMs(double p) {
      if (latenciesMicros.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latenciesMicros.length - 1, Math.ceil(latenciesMicros.length * p) - 1);
      return latenciesMicros[Math.max(0, i)] / 1000.0;
    }
  }

  /**
   * Runs for {@code seconds} (after {@code warmupSeconds} whose requests are not counted); {@code
   * request} gives the raw request bytes for a sequence number.
   */
  static Result run(
      int port, int connections, double warmupSeconds, double seconds, IntFunction<byte[]> request)
      throws InterruptedException {
    return run(port, connections, warmupSeconds, seconds, Long.MAX_VALUE, request);
  }

  /** Sends exactly {@code total} requests (request numbers 0 to total-1), all measured. */
  static Result runCount(int port, int connections, long total, IntFunction<byte[]> request)
      throws InterruptedException {
    return run(port, connections, 0, 86_400, total, request);
  }

  private static Result run(
      int port,
      int connections,
      double warmupSeconds,
      double seconds,
      long maxRequests,
      IntFunction<byte[]> request)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    AtomicLong seq = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      long[] lat = new long[1 << 20];
      int[] n = new int[1];
      perThread.add(lat);
      counts.add(n);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Socket s = null;
                    InputStream in = null;
                    try {
                      while (System.nanoTime() < end) {
                        if (s == null) {
                          s = new Socket("127.0.0.1", port);
                          s.setTcpNoDelay(true);
                          in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                        }
                        long k = seq.getAndIncrement();
                        if (k >= maxRequests) {
                          break;
                        }
                        byte[] req = request.apply((int) k);
                        long t0 = System.nanoTime();
                        int status;
                        try {
                          OutputStream out = s.getOutputStream();
                          out.write(req);
                          out.flush();
                          status = readResponse(in);
                        } catch (IOException e) {
                          errors.incrementAndGet();
                          s.close();
                          s = null;
                          continue;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                          if (status < 200 || status >= 300) {
                            errors.incrementAndGet();
                          } else if (n[0] < lat.length) {
                            lat[n[0]++] = (t1 - t0) / 1000;
                          }
                        }
                      }
                    } catch (IOException e) {
                      errors.incrementAndGet();
                    } finally {
                      if (s != null) {
                        try {
                          s.close();
                        } catch (IOException ignored) {
                          // closing after the run
                        }
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    int total = counts.stream().mapToInt(n -> n[0]).sum();
    long[] all = new long[total];
    int k = 0;
    for (int i = 0; i < perThread.size(); i++) {
      System.arraycopy(perThread.get(i), 0, all, k, counts.get(i)[0]);
      k += counts.get(i)[0];
    }
    Arrays.sort(all);
    double elapsed = (Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
    return new Result(total, errors.get(), elapsed, all);
  }

  /** Reads one response (Content-Length or chunked body) and returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      String lower = h.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      long size;
      while ((size = Long.parseLong(line(in).trim().split(";")[0], 16)) > 0) {
        skip(in, size);
        line(in);
      }
      line(in);
    } else if (length > 0) {
      skip(in, length);
    }
    return status;
  }

  private static void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long k = in.skip(n);
      if (k <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in a body");
        }
        k = 1;
      }
      n -= k;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  static byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] post(String path, String bearer, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + bearer
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }
}
